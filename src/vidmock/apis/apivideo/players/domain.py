"""Players: themes (colours and switches) with an optional logo, listed, created, updated and
deleted. Defaults are those api.video documents for `PlayerInput` (2021 spec)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, select

from vidmock.apis.apivideo import images
from vidmock.apis.apivideo.common import not_found, sort_rows
from vidmock.apis.apivideo.ids import new_id
from vidmock.apis.apivideo.players.links import unlink_player
from vidmock.apis.apivideo.players.tables import COLOURS, SWITCHES, players
from vidmock.http.errors import ApiError
from vidmock.storage import blobs
from vidmock.storage.rows import as_dicts

DEFAULT_COLOURS = {
    "text": "rgba(255, 255, 255, 1)",
    "link": "rgba(255, 255, 255, 1)",
    "linkHover": "rgba(255, 255, 255, 1)",
    # Not documented for the input; the same as `link`, which it shades when pressed.
    "linkActive": "rgba(255, 255, 255, 1)",
    "trackPlayed": "rgba(88, 131, 255, .95)",
    "trackUnplayed": "rgba(255, 255, 255, .35)",
    "trackBackground": "rgba(255, 255, 255, .2)",
    "backgroundTop": "rgba(0, 0, 0, .7)",
    "backgroundBottom": "rgba(0, 0, 0, .7)",
    "backgroundText": "rgba(255, 255, 255, 1)",
}
DEFAULT_SWITCHES = {
    "enableApi": True,
    "enableControls": True,
    "forceAutoplay": False,
    "hideTitle": False,
    "forceLoop": False,
}
# api.video: "The uploaded image maximum size should be 200x100 and its weight should be 200KB."
LOGO_MAX_WIDTH, LOGO_MAX_HEIGHT, LOGO_MAX_BYTES = 200, 100, 200 * 1000


def logo_blob_id(player_id: str) -> str:
    return f"apivideo/{player_id}/logo"


def find_player(conn: Connection, player_id: str) -> dict[str, Any]:
    row = conn.execute(select(players).where(players.c.player_id == player_id)).mappings().first()
    if row is None:
        raise not_found("playerId", player_id)
    return dict(row)


def list_players(conn: Connection, sort_by: str, descending: bool) -> list[dict[str, Any]]:
    """Every player by `createdAt` or `updatedAt`, ties by `playerId`."""
    rows = as_dicts(conn.execute(select(players)))
    column = "updated_at" if sort_by == "updatedAt" else "created_at"
    return sort_rows(rows, lambda row: row[column], "player_id", descending)


def create_player(conn: Connection, body: dict[str, Any], now_ms: int) -> dict[str, Any]:
    row: dict[str, Any] = {"player_id": new_id("pl"), "name": body.get("name"), "logo_link": None}
    for field, column in COLOURS.items():
        row[column] = body.get(field, DEFAULT_COLOURS[field])
    for field, column in SWITCHES.items():
        row[column] = body.get(field, DEFAULT_SWITCHES[field])
    row["created_at"] = row["updated_at"] = now_ms
    conn.execute(players.insert(), row)
    return row


def update_player(conn: Connection, player_id: str, body: dict[str, Any], now_ms: int) -> dict[str, Any]:
    """Sets the fields given and leaves the others."""
    find_player(conn, player_id)
    fields = {**COLOURS, **SWITCHES, "name": "name"}
    changes = {column: body[field] for field, column in fields.items() if field in body}
    changes["updated_at"] = now_ms
    conn.execute(players.update().where(players.c.player_id == player_id).values(**changes))
    return find_player(conn, player_id)


def delete_player(conn: Connection, player_id: str) -> None:
    """The player goes with its logo; its videos and live streams are left without a player."""
    find_player(conn, player_id)
    unlink_player(conn, player_id)
    blobs.remove_prefix(conn, f"apivideo/{player_id}/")
    conn.execute(delete(players).where(players.c.player_id == player_id))


def set_logo(conn: Connection, player_id: str, data: bytes, link: str, now_ms: int) -> dict[str, Any]:
    """Store a JPEG or PNG logo of at most 200x100 px and 200 KB, converted to PNG as
    api.video does (it is not scaled); 400 naming `file` otherwise, 404 naming `playerId`."""
    find_player(conn, player_id)
    if len(data) > LOGO_MAX_BYTES:
        raise ApiError(400, f"The logo weighs {len(data)} bytes, over {LOGO_MAX_BYTES}", parameter="file")
    info = images.sniff(data)
    if info is None:
        raise ApiError(400, "Only JPEG and PNG images are supported (checked by content)", parameter="file")
    if info.width > LOGO_MAX_WIDTH or info.height > LOGO_MAX_HEIGHT:
        raise ApiError(
            400,
            f"The logo is {info.width}x{info.height} px, over {LOGO_MAX_WIDTH}x{LOGO_MAX_HEIGHT}",
            parameter="file",
        )
    blobs.put(conn, logo_blob_id(player_id), images.png(data), "image/png", now_ms)
    statement = players.update().where(players.c.player_id == player_id)
    conn.execute(statement.values(logo_link=link, updated_at=now_ms))
    return find_player(conn, player_id)


def delete_logo(conn: Connection, player_id: str, now_ms: int) -> None:
    """Removes the logo (nothing to remove is not an error: the player just has none)."""
    find_player(conn, player_id)
    blobs.remove(conn, logo_blob_id(player_id))
    statement = players.update().where(players.c.player_id == player_id)
    conn.execute(statement.values(logo_link=None, updated_at=now_ms))


def logo_file(conn: Connection, player_id: str) -> blobs.Blob:
    """The stored PNG; 404 naming `playerId` when the player or its logo is unknown."""
    blob = blobs.get(conn, logo_blob_id(player_id))
    if blob is None:
        raise not_found("playerId", player_id)
    return blob
