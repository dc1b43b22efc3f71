"""Which webhook deliveries have a request out, kept in the store so that several workers
(`vidmock serve --workers N`) never send one notification twice: a delivery round claims the
attempts it makes in the same locked transaction that finds them due, and a round anywhere
else leaves claimed ones alone until the answer is recorded.

The table is the running mock's own (not cleared by a seed, never exported); claims go when
their round ends, answered or not."""

from __future__ import annotations

import os
from collections.abc import Iterable

from sqlalchemy import BigInteger, Column, Connection, Integer, Table, delete, insert, select

from vidmock.storage.store import state_metadata

claims = Table(
    "apivideo_delivery_claims",
    state_metadata,
    Column("delivery_id", BigInteger, primary_key=True, autoincrement=False),
    Column("worker", Integer, nullable=False),
)


def claimed(conn: Connection) -> set[int]:
    """The deliveries with a request out, in any worker."""
    return set(conn.execute(select(claims.c.delivery_id)).scalars())


def claim(conn: Connection, delivery_ids: Iterable[int]) -> None:
    rows = [{"delivery_id": d, "worker": os.getpid()} for d in delivery_ids]
    if rows:
        conn.execute(insert(claims), rows)


def release(conn: Connection, delivery_ids: Iterable[int]) -> None:
    ids = list(delivery_ids)
    if ids:
        conn.execute(delete(claims).where(claims.c.delivery_id.in_(ids)))
