"""Stored bytes: uploaded media, caption files, thumbnails and logos.

The bytes live in the store itself (one row a blob), so they follow its transactions, its
engine (SQLite in memory or a file, PostgreSQL) and its snapshots: an export carries each blob
as base64 text (RFC 4648 §4) and an import decodes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    LargeBinary,
    String,
    Table,
    delete,
    func,
    insert,
    select,
)

from vidmock.storage.instants import UNIX_MS
from vidmock.storage.store import metadata

blobs = Table(
    "blobs",
    metadata,
    # Chosen by the owner, e.g. "apivideo/vi4k0jvEUuaTdRAEjQ4Prklg/source".
    Column("blob_id", String(200), primary_key=True),
    Column("media_type", String(255), nullable=False),  # RFC 6838, e.g. "video/mp4"
    Column("data", LargeBinary, nullable=False),
    Column("created_at", BigInteger, nullable=False, info=UNIX_MS),  # Unix milliseconds
)


@dataclass(frozen=True)
class Blob:
    blob_id: str
    media_type: str
    data: bytes
    created_at: int


def put(conn: Connection, blob_id: str, data: bytes, media_type: str, created_at: int) -> None:
    """Store `data` under `blob_id`, replacing what was there."""
    conn.execute(delete(blobs).where(blobs.c.blob_id == blob_id))
    conn.execute(
        insert(blobs).values(blob_id=blob_id, media_type=media_type, data=data, created_at=created_at)
    )


def get(conn: Connection, blob_id: str) -> Blob | None:
    row = conn.execute(select(blobs).where(blobs.c.blob_id == blob_id)).mappings().first()
    return None if row is None else Blob(**row)


def size(conn: Connection, blob_id: str) -> int | None:
    """The blob's length in bytes without reading it, or None when there is none."""
    return conn.execute(select(func.length(blobs.c.data)).where(blobs.c.blob_id == blob_id)).scalar()


def remove(conn: Connection, *blob_ids: str) -> None:
    conn.execute(delete(blobs).where(blobs.c.blob_id.in_(blob_ids)))


def remove_prefix(conn: Connection, prefix: str) -> None:
    """Remove every blob whose id starts with `prefix` (all of a deleted resource's files)."""
    conn.execute(delete(blobs).where(blobs.c.blob_id.startswith(prefix, autoescape=True)))
