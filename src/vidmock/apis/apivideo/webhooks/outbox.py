"""The events api.video announces to webhooks, written in the same transaction as the change
that causes them (a transactional outbox) and delivered later, off the request path.

An event is due at a clock instant: the encoding lifecycle schedules each quality's
`video.encoding.quality.completed` in the future, so it becomes deliverable when the mock's
clock reaches it (a wait, or `clock advance`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Connection, Integer, String, Table, insert

from vidmock.storage.instants import UNIX_MS
from vidmock.storage.store import metadata

outbox = Table(
    "apivideo_outbox",
    metadata,
    Column("event_id", Integer, primary_key=True, autoincrement=True),
    # api.video's event name, e.g. "video.encoding.quality.completed".
    Column("type", String(64), nullable=False),
    Column("payload", JSON, nullable=False),  # the body POSTed to each subscribed URL
    Column("due_at", BigInteger, nullable=False, info=UNIX_MS),  # Unix milliseconds on the mock's clock
    # The resource the event is about, so deleting it can withdraw what is not yet due.
    Column("subject_id", String(64), nullable=False),
)


def emitted_at(ms: int) -> str:
    """An event's `emittedAt` as api.video's webhook examples write it, from Unix ms:
    `2021-01-29T15:46:25.217Z`."""
    return datetime.fromtimestamp(ms // 1000, UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def publish(conn: Connection, event_type: str, payload: dict[str, Any], due_at: int, subject_id: str) -> None:
    """Announce `event_type` with `payload` once the clock reaches `due_at` (Unix ms)."""
    conn.execute(
        insert(outbox).values(type=event_type, payload=payload, due_at=due_at, subject_id=subject_id)
    )
