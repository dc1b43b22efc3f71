"""api.video state of uploads and encodings: the source file of a video as it arrives (in one
request or in chunks), the encoding that follows, and the delegated-upload tokens.
Times are Unix milliseconds (UTC) on the mock's clock."""

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Integer, String, Table

# The encoding publishes to the outbox: its table must exist wherever these do.
from vidmock.apis.apivideo.webhooks import outbox  # noqa: F401
from vidmock.storage.instants import UNIX_MS
from vidmock.storage.store import metadata

# One row per video whose source is being (or has been) sent; the bytes are blobs
# `apivideo/<videoId>/chunk/<n>` until the last chunk, then `apivideo/<videoId>/source`.
uploads = Table(
    "apivideo_uploads",
    metadata,
    Column("video_id", String(32), ForeignKey("apivideo_videos.video_id"), primary_key=True),
    # How the chunks are numbered: "bytes" (Content-Range: bytes START-END/TOTAL),
    # "part" (Content-Range: part N/TOTAL or part N/*) or "whole" (one request).
    Column("form", String(8), nullable=False),
    Column("chunks", Integer, nullable=False),  # chunks received so far
    Column("received", BigInteger, nullable=False),  # bytes received so far
    # The total announced: bytes for "bytes", parts for "part" (NULL while it is `*`).
    Column("announced_total", BigInteger),
    Column("ranges", JSON, nullable=False),  # [{from, to, total}], one per chunk
    # The upload token the chunks came with (NULL with the API key), so a token's next chunk
    # finds the video its first one created.
    Column("upload_token", String(32)),
    Column("completed_at", BigInteger, info=UNIX_MS),  # NULL until the last chunk is in
)

# One row per video being encoded or encoded; a video with its source but no row here (the
# seeded ones) counts as encoded long ago.
encodings = Table(
    "apivideo_encodings",
    metadata,
    Column("video_id", String(32), ForeignKey("apivideo_videos.video_id"), primary_key=True),
    Column("started_at", BigInteger, nullable=False, info=UNIX_MS),
    Column("step_ms", Integer, nullable=False),  # the time each rendition takes
    Column("source_height", Integer, nullable=False),  # picks the HLS qualities
    # What the source file says of itself: width, height, duration, framerate, samplerate,
    # videoCodec, audioCodec (the documented defaults when it is no MP4).
    Column("media", JSON, nullable=False),
)

upload_tokens = Table(
    "apivideo_upload_tokens",
    metadata,
    Column("token", String(32), primary_key=True),
    Column("ttl", Integer, nullable=False),  # seconds; 0 never expires
    Column("created_at", BigInteger, nullable=False, info=UNIX_MS),
    Column("expires_at", BigInteger, info=UNIX_MS),  # NULL when ttl is 0
)
