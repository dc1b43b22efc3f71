"""IBM Video Streaming Analytics state: the media (channels and videos), the raw view segments
every IBM endpoint is answered from, and the views (player sessions) those segments make up.
Times are Unix seconds (UTC)."""

from sqlalchemy import JSON, Boolean, Column, Index, Integer, String, Table

from vidmock.storage.instants import UNIX_S
from vidmock.storage.store import metadata

contents = Table(
    "ibm_contents",
    metadata,
    Column("content_type", String(16), primary_key=True),  # live | recorded
    Column("content_id", Integer, primary_key=True),  # channel id or video id
    Column("title", String(200), nullable=False),
    Column("duration", Integer),  # seconds, recorded videos only
)

segments = Table(
    "ibm_segments",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("content_type", String(16), nullable=False),
    Column("content_id", Integer, nullable=False),
    Column("started_at", Integer, nullable=False, info=UNIX_S),
    Column("finished_at", Integer, info=UNIX_S),  # NULL: the segment is still playing
    Column("from_position", Integer, nullable=False),
    Column("to_position", Integer, nullable=False),
    Column("client_id", String(32), nullable=False),
    Column("view_session_id", String(32), nullable=False),
    Column("viewer_identifier", String(200)),  # NULL: an anonymous viewer
    Column("country", String(2), nullable=False),
    Column("region", String(100), nullable=False),
    Column("city", String(100), nullable=False),
    Column("is_mobile_view", Boolean, nullable=False),
    Column("view_type", String(8), nullable=False),  # onsite | offsite
    Column("device_info", JSON, nullable=False),
    # The listing order, which the read model (`read_model`) reads; the read model answers
    # every query, so the store needs no other index.
    Index("ix_ibm_segments_started", "started_at", "id"),
    # On SQLite the rows live in the id's own B-tree: no rowid table beside a second index on
    # the id, so a million rows load in less time and space.
    sqlite_with_rowid=False,
)

# One row per player session (`view_session_id`): where its first segment started, on which
# device and where. Derived from `segments` wherever segments are written (`insert_segments`,
# and the seeder's `sessions`, which writes whole new sessions), so the aggregates read from it
# always agree with `/views`.
views = Table(
    "ibm_views",
    metadata,
    Column("view_session_id", String(32), primary_key=True),
    Column("started_at", Integer, nullable=False, info=UNIX_S),
    Column("content_type", String(16), nullable=False),
    Column("content_id", Integer, nullable=False),
    Column("client_id", String(32), nullable=False),
    Column("viewer_identifier", String(200)),
    Column("country", String(2), nullable=False),
    Column("region", String(100), nullable=False),
    Column("device", String(16), nullable=False),
    Column("view_type", String(8), nullable=False),
    sqlite_with_rowid=False,
)
