"""api.video state: videos, live streams, the player sessions recorded for them and each
session's events. Times are Unix milliseconds (UTC)."""

from sqlalchemy import JSON, BigInteger, Boolean, Column, ForeignKey, Index, Integer, String, Table

from vidmock.store import metadata

live_streams = Table(
    "apivideo_live_streams",
    metadata,
    Column("live_stream_id", String(32), primary_key=True),
    Column("name", String(256), nullable=False),
    Column("stream_key", String(36), nullable=False, unique=True),
    Column("record", Boolean, nullable=False),
    Column("public", Boolean, nullable=False),
    Column("player_id", String(64)),
    Column("broadcasting", Boolean, nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("updated_at", BigInteger, nullable=False),
)

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
    Column("published_at", BigInteger, nullable=False),
    Column("updated_at", BigInteger, nullable=False),
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

sessions = Table(
    "apivideo_sessions",
    metadata,
    Column("session_id", String(32), primary_key=True),
    # Exactly one of the two is set.
    Column("video_id", String(32), ForeignKey("apivideo_videos.video_id")),
    Column("live_stream_id", String(32), ForeignKey("apivideo_live_streams.live_stream_id")),
    Column("loaded_at", BigInteger, nullable=False),
    Column("ended_at", BigInteger, nullable=False),
    Column("metadata", JSON, nullable=False),  # the video's metadata when the player loaded
    Column("country", String(100), nullable=False),
    Column("city", String(100), nullable=False),
    Column("referrer_url", String(500), nullable=False),
    Column("referrer_medium", String(50), nullable=False),
    Column("referrer_source", String(500), nullable=False),
    Column("referrer_search_term", String(200), nullable=False),
    Column("device_type", String(50), nullable=False),
    Column("device_vendor", String(100), nullable=False),
    Column("device_model", String(100), nullable=False),
    Column("os_name", String(100), nullable=False),
    Column("os_shortname", String(20), nullable=False),
    Column("os_version", String(50), nullable=False),
    Column("client_name", String(100), nullable=False),
    Column("client_version", String(50), nullable=False),
    Column("client_type", String(50), nullable=False),
    Index("ix_apivideo_sessions_video", "video_id", "loaded_at", "session_id"),
    Index("ix_apivideo_sessions_live", "live_stream_id", "loaded_at", "session_id"),
)

events = Table(
    "apivideo_events",
    metadata,
    Column("session_id", String(32), ForeignKey("apivideo_sessions.session_id"), primary_key=True),
    Column("position", Integer, primary_key=True),  # order within the session, from 0
    Column("type", String(16), nullable=False),
    Column("emitted_at", BigInteger, nullable=False),
    Column("at", Integer),  # playhead (s) of ready, play, pause, resume, end
    Column("from_second", Integer),  # seeks only
    Column("to_second", Integer),
)
