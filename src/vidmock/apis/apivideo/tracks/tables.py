"""api.video text tracks of a video: captions and chapters, one of each kind per language.
The WebVTT files themselves are blobs (`apivideo/<videoId>/captions/<language>`,
`apivideo/<videoId>/chapters/<language>`). Times are Unix milliseconds (UTC)."""

from sqlalchemy import BigInteger, Boolean, Column, ForeignKey, String, Table

from vidmock.storage.instants import UNIX_MS
from vidmock.storage.store import metadata

captions = Table(
    "apivideo_captions",
    metadata,
    Column("video_id", String(32), ForeignKey("apivideo_videos.video_id"), primary_key=True),
    # The BCP 47 tag in its canonical case (RFC 5646 §2.1.1), e.g. "en-US".
    Column("language", String(64), primary_key=True),
    # At most one caption of a video is the default one.
    Column("is_default", Boolean, nullable=False),
    Column("created_at", BigInteger, nullable=False, info=UNIX_MS),
)

chapters = Table(
    "apivideo_chapters",
    metadata,
    Column("video_id", String(32), ForeignKey("apivideo_videos.video_id"), primary_key=True),
    Column("language", String(64), primary_key=True),
    Column("created_at", BigInteger, nullable=False, info=UNIX_MS),
)
