"""Player sessions and their events (the "raw statistics"): which sessions a period holds."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, func, select

from vidmock.apis.apivideo.analytics.periods import Period
from vidmock.apis.apivideo.analytics.tables import events, sessions
from vidmock.apis.apivideo.common import has_metadata, not_found
from vidmock.storage.rows import as_dicts


def sessions_of(
    conn: Connection,
    column: str,
    owner_id: str,
    period: Period,
    metadata: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Sessions of the video or live stream (`column` says which) loaded within `period`,
    oldest first, keeping those whose metadata holds every wanted pair."""
    statement = (
        select(sessions)
        .where(
            sessions.c[column] == owner_id,
            sessions.c.loaded_at >= period.start,
            sessions.c.loaded_at < period.end,
        )
        .order_by(sessions.c.loaded_at, sessions.c.session_id)
    )
    return [row for row in as_dicts(conn.execute(statement)) if has_metadata(row["metadata"], metadata)]


def count_events(conn: Connection, session_id: str) -> int:
    """How many events the session has; a 404 naming `sessionId` when there is no such session."""
    known = conn.execute(select(sessions.c.session_id).where(sessions.c.session_id == session_id)).first()
    if known is None:
        raise not_found("sessionId", session_id)
    statement = select(func.count()).select_from(events).where(events.c.session_id == session_id)
    return conn.execute(statement).scalar_one()


def events_of(conn: Connection, session_id: str, offset: int, limit: int) -> list[dict[str, Any]]:
    statement = (
        select(events)
        .where(events.c.session_id == session_id)
        .order_by(events.c.position)
        .offset(offset)
        .limit(limit)
    )
    return as_dicts(conn.execute(statement))


def insert_sessions(
    conn: Connection, rows: Iterable[dict[str, Any]], timeline: Iterable[dict[str, Any]]
) -> None:
    rows, timeline = list(rows), list(timeline)
    if rows:
        conn.execute(sessions.insert(), rows)
    if timeline:
        conn.execute(events.insert(), timeline)
