"""Nomad Media state: the users who log in, the media catalog beacons refer to, and the
per-user video tracking records that beacons write and the delete removes. Ids are
lower-case hyphenated UUID strings; times are ISO 8601 UTC strings from the mock's clock."""

from sqlalchemy import Boolean, Column, Float, Index, String, Table

from vidmock.storage.instants import ISO_MS
from vidmock.storage.store import metadata

users = Table(
    "nomad_users",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("user_name", String(200), nullable=False, unique=True),  # the e-mail address
    Column("password", String(200), nullable=False),  # plain text: development credentials only
    Column("first_name", String(100), nullable=False),
    Column("last_name", String(100), nullable=False),
    Column("is_admin", Boolean, nullable=False),
)

# The catalog: every asset belongs to at most one content item; live channels are assets too.
assets = Table(
    "nomad_assets",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("content_id", String(36)),
    Column("title", String(200), nullable=False),
    Column("total_seconds", Float, nullable=False),  # 0 for a live channel
    Column("is_live_stream", Boolean, nullable=False),
    Index("ix_nomad_assets_content", "content_id"),
)

# One record per (user, profile, asset): the UserVideoTrackingModel of the vendor.
tracking = Table(
    "nomad_tracking",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("user_id", String(36), nullable=False),
    Column("profile_id", String(36)),  # NULL: the user's own record, not a profile's
    Column("asset_id", String(36), nullable=False),
    Column("content_id", String(36)),
    Column("video_tracking_attribute", String(16), nullable=False),  # Undefined | Watchlist | LiveStream
    Column("is_first_quartile", Boolean, nullable=False),
    Column("is_mid_point", Boolean, nullable=False),
    Column("is_third_quartile", Boolean, nullable=False),
    Column("is_complete", Boolean, nullable=False),
    Column("is_hidden", Boolean, nullable=False),
    Column("is_live_stream", Boolean, nullable=False),
    Column("max_second", Float, nullable=False),
    Column("last_second", Float, nullable=False),
    Column("total_seconds", Float, nullable=False),
    Column("last_beacon_date", String(32), info=ISO_MS),  # NULL: never played (a watchlist entry only)
    Column("key_name", String(200)),
    Index("ix_nomad_tracking_owner", "user_id", "profile_id", "asset_id"),
    Index("ix_nomad_tracking_asset", "asset_id"),
    Index("ix_nomad_tracking_content", "content_id"),
)
