"""Syngrafii / iinked Sign state: packages, their video meetings, the sessions of each meeting
and the videos recorded in them. Ids are stored lower-case (GUIDs compare case-insensitively);
times are Unix milliseconds (UTC)."""

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, String, Table

from vidmock.storage.instants import UNIX_MS
from vidmock.storage.store import metadata

packages = Table(
    "syngrafii_packages",
    metadata,
    Column("package_id", String(100), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("time_created", BigInteger, nullable=False, info=UNIX_MS),
)

meetings = Table(
    "syngrafii_meetings",
    metadata,
    Column("meeting_id", String(100), primary_key=True),
    Column("package_id", String(100), ForeignKey("syngrafii_packages.package_id"), nullable=False),
    Column("title", String(200), nullable=False),
    Column("time_scheduled", BigInteger, nullable=False, info=UNIX_MS),
)

sessions = Table(
    "syngrafii_sessions",
    metadata,
    Column("meeting_session_id", String(100), primary_key=True),
    Column("meeting_id", String(100), ForeignKey("syngrafii_meetings.meeting_id"), nullable=False),
    Column("time_started", BigInteger, nullable=False, info=UNIX_MS),
    Column("time_ended", BigInteger, info=UNIX_MS),  # NULL: the session is still running
)

videos = Table(
    "syngrafii_videos",
    metadata,
    Column("meeting_video_id", String(100), primary_key=True),
    # Denormalised from the meeting: every request of the API names the package.
    Column("package_id", String(100), ForeignKey("syngrafii_packages.package_id"), nullable=False),
    Column("meeting_id", String(100), ForeignKey("syngrafii_meetings.meeting_id"), nullable=False),
    Column("meeting_session_id", String(100), ForeignKey("syngrafii_sessions.meeting_session_id")),
    Column("meeting_video_shared_id", String(100)),
    Column("external_video_id", String(100)),
    Column("external_storage_id", String(100)),
    Column("time_created", BigInteger, nullable=False, info=UNIX_MS),
    Column("time_retention", BigInteger, info=UNIX_MS),  # when the retention policy ends; NULL: none applies
    Column("time_deleted", BigInteger, info=UNIX_MS),
    Column("duration_seconds", Integer),  # NULL while still recording
    Column("size", BigInteger),  # bytes; NULL while still recording
    Column("source", String(50), nullable=False),
    Column("type", String(20), nullable=False),
    Column("state", String(20), nullable=False),
    Index("ix_syngrafii_videos_package", "package_id", "time_created", "meeting_video_id"),
)
