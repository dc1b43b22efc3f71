"""api.video player sessions and their events in the store. Times are Unix milliseconds (UTC)."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Index, Integer, String, Table

from vidmock.storage.instants import UNIX_MS
from vidmock.storage.store import metadata

sessions = Table(
    "apivideo_sessions",
    metadata,
    Column("session_id", String(32), primary_key=True),
    # Exactly one of the two is set.
    Column("video_id", String(32), ForeignKey("apivideo_videos.video_id")),
    Column("live_stream_id", String(32), ForeignKey("apivideo_live_streams.live_stream_id")),
    Column("loaded_at", BigInteger, nullable=False, info=UNIX_MS),
    Column("ended_at", BigInteger, nullable=False, info=UNIX_MS),
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
    Column("emitted_at", BigInteger, nullable=False, info=UNIX_MS),
    Column("at", Integer),  # playhead (s) of ready, play, pause, resume, end
    Column("from_second", Integer),  # seeks only
    Column("to_second", Integer),
)
