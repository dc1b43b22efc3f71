"""Live streams: listing with filters and sorting, creation, partial update, deletion."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, select

from vidmock.apis.apivideo.analytics.tables import events, sessions
from vidmock.apis.apivideo.common import not_found, sort_rows
from vidmock.apis.apivideo.ids import new_id, new_stream_key
from vidmock.apis.apivideo.live.tables import live_streams
from vidmock.apis.apivideo.players.links import require_player
from vidmock.apis.apivideo.videos.tables import videos
from vidmock.apis.apivideo.webhooks.tables import broadcasts
from vidmock.storage import blobs
from vidmock.storage.rows import as_dicts

UPDATABLE = {"name": "name", "record": "record", "public": "public", "playerId": "player_id"}


def find_live_stream(conn: Connection, live_stream_id: str) -> dict[str, Any]:
    statement = select(live_streams).where(live_streams.c.live_stream_id == live_stream_id)
    row = conn.execute(statement).mappings().first()
    if row is None:
        raise not_found("liveStreamId", live_stream_id)
    return dict(row)


def list_live_streams(
    conn: Connection, stream_key: str | None, name: str | None, sort_by: str, descending: bool
) -> list[dict[str, Any]]:
    statement = select(live_streams)
    if stream_key is not None:
        statement = statement.where(live_streams.c.stream_key == stream_key)
    rows = as_dicts(conn.execute(statement))
    if name is not None:
        rows = [row for row in rows if name.lower() in row["name"].lower()]
    if sort_by == "name":
        return sort_rows(rows, lambda row: row["name"].lower(), "live_stream_id", descending)
    # The mock does not track when a stream was first published: publishedAt reads createdAt.
    return sort_rows(rows, lambda row: row["created_at"], "live_stream_id", descending)


def create_live_stream(conn: Connection, body: dict[str, Any], now_ms: int) -> dict[str, Any]:
    require_player(conn, body.get("playerId"))
    row = {
        "live_stream_id": new_id("li"),
        "name": body["name"],
        "stream_key": new_stream_key(),
        "record": body.get("record", False),
        "public": body.get("public", True),
        "player_id": body.get("playerId"),
        "broadcasting": False,
        "created_at": now_ms,
        "updated_at": now_ms,
    }
    conn.execute(live_streams.insert(), row)
    return row


def update_live_stream(
    conn: Connection, live_stream_id: str, body: dict[str, Any], now_ms: int
) -> dict[str, Any]:
    find_live_stream(conn, live_stream_id)
    require_player(conn, body.get("playerId"))
    changes = {column: body[field] for field, column in UPDATABLE.items() if field in body}
    changes["updated_at"] = now_ms
    statement = live_streams.update().where(live_streams.c.live_stream_id == live_stream_id)
    conn.execute(statement.values(**changes))
    return find_live_stream(conn, live_stream_id)


def delete_live_stream(conn: Connection, live_stream_id: str) -> None:
    """The stream goes with its sessions and their events, its thumbnail and the record of the
    broadcast under way; its recordings stay, unlinked."""
    find_live_stream(conn, live_stream_id)
    blobs.remove_prefix(conn, f"apivideo/{live_stream_id}/")
    conn.execute(delete(broadcasts).where(broadcasts.c.live_stream_id == live_stream_id))
    its_sessions = select(sessions.c.session_id).where(sessions.c.live_stream_id == live_stream_id)
    conn.execute(delete(events).where(events.c.session_id.in_(its_sessions)))
    conn.execute(delete(sessions).where(sessions.c.live_stream_id == live_stream_id))
    conn.execute(videos.update().where(videos.c.live_stream_id == live_stream_id).values(live_stream_id=None))
    conn.execute(delete(live_streams).where(live_streams.c.live_stream_id == live_stream_id))
