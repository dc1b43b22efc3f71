"""JunctionTV MetaX state: the asset catalogue, each subscriber's favorites (in order) and
each subscriber's activity per asset. Times are Unix milliseconds, as MetaX speaks them."""

from sqlalchemy import JSON, BigInteger, Column, Float, Index, Integer, String, Table, Text

from vidmock.storage.instants import UNIX_MS
from vidmock.storage.store import metadata

assets = Table(
    "jtv_assets",
    metadata,
    Column("asset_id", String(64), primary_key=True),
    Column("type", String(16), nullable=False),  # vod | episodic | episode
    Column("title", String(300), nullable=False),
    Column("thumbnail", String(300), nullable=False),
    Column("description", Text, nullable=False),
    Column("genres", JSON, nullable=False),
    Column("duration", Integer),  # seconds; NULL for a series (episodic)
    Column("release_year", Integer, nullable=False),
    Column("parental_rating", String(8), nullable=False),
    Column("tags", JSON, nullable=False),
)

favorites = Table(
    "jtv_favorites",
    metadata,
    Column("subscriber_id", String(254), primary_key=True),
    Column("asset_id", String(64), primary_key=True),
    Column("position", Integer, nullable=False),
    Index("ix_jtv_favorites_order", "subscriber_id", "position"),
)

# One row per (subscriber, asset) that has any activity. A NULL field was never reported.
activity = Table(
    "jtv_activity",
    metadata,
    Column("subscriber_id", String(254), primary_key=True),
    Column("asset_id", String(64), primary_key=True),
    Column("play_count", Integer),
    Column("view_time", BigInteger),  # seconds watched
    Column("pause_time_ms", BigInteger),  # the ingest's seconds, stored as milliseconds
    Column("last_played_on", BigInteger, info=UNIX_MS),  # Unix milliseconds
    Column("user_rating", Float),
)
