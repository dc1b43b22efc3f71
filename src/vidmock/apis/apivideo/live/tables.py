"""api.video live streams in the store. Times are Unix milliseconds (UTC)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, String, Table

from vidmock.storage.instants import UNIX_MS
from vidmock.storage.store import metadata

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
    Column("created_at", BigInteger, nullable=False, info=UNIX_MS),
    Column("updated_at", BigInteger, nullable=False, info=UNIX_MS),
)
