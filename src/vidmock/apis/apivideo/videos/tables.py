"""api.video state: videos, live streams, the player sessions recorded for them and each
session's events. Times are Unix milliseconds (UTC)."""

from sqlalchemy import JSON, BigInteger, Boolean, Column, Index, Integer, String, Table

from vidmock.storage.instants import UNIX_MS
from vidmock.storage.store import metadata

videos = Table(
    "apivideo_videos",
    metadata,
    Column("video_id", String(32), primary_key=True),
    Column("title", String(256), nullable=False),
    Column("description", String(5000), nullable=False),
    Column("public", Boolean, nullable=False),
    Column("panoramic", Boolean, nullable=False),
    Column("mp4_support", Boolean, nullable=False),
    Column("player_id", String(64)),
    Column("tags", JSON, nullable=False),  # list of strings
    Column("metadata", JSON, nullable=False),  # list of {key, value}
    Column("published_at", BigInteger, nullable=False, info=UNIX_MS),
    Column("updated_at", BigInteger, nullable=False, info=UNIX_MS),
    # Recorded from this live stream; NULL when uploaded (or the stream was deleted).
    Column("live_stream_id", String(32)),
    # A URL the video was created from (api.video fetches it); NULL for an upload.
    Column("source_url", String(2048)),
    # missing | uploading | uploaded
    Column("ingest_status", String(16), nullable=False),
    # Known once the file is in: size in bytes and the encoded picture and length.
    Column("filesize", BigInteger),
    Column("duration", Integer),  # seconds
    Column("width", Integer),
    Column("height", Integer),
    Index("ix_apivideo_videos_published", "published_at", "video_id"),
)
