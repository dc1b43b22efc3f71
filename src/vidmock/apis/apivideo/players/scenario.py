"""Scenario support for players: defaults for what a record leaves out; a player given a
`logo_link` gets a placeholder logo, kept as a blob as an upload's would be."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from vidmock.apis.apivideo import images
from vidmock.apis.apivideo.ids import new_id
from vidmock.apis.apivideo.players.domain import DEFAULT_COLOURS, DEFAULT_SWITCHES, logo_blob_id
from vidmock.apis.apivideo.players.tables import COLOURS, SWITCHES, players
from vidmock.storage import blobs

TABLES = {"players": players}
REFERENCES = (
    ("videos", ("player_id",), "players", ("player_id",)),
    ("live_streams", ("player_id",), "players", ("player_id",)),
)
DAY_MS = 86_400_000


def complete_player(record: dict[str, Any], ctx) -> dict[str, Any]:
    record.setdefault("player_id", new_id("pl", ctx.rng))
    record.setdefault("name", None)
    for field, column in COLOURS.items():
        record.setdefault(column, DEFAULT_COLOURS[field])
    for field, column in SWITCHES.items():
        record.setdefault(column, DEFAULT_SWITCHES[field])
    record.setdefault("logo_link", None)
    created = record.setdefault("created_at", ctx.now_ms - 30 * DAY_MS)
    record.setdefault("updated_at", created)
    return record


def insert(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Rows into the store, placeholder logos into blobs."""
    conn.execute(players.insert(), rows)
    for row in rows:
        if row["logo_link"] is not None:
            logo = images.png(images.placeholder_jpeg(160, 80, row["player_id"]))
            blobs.put(conn, logo_blob_id(row["player_id"]), logo, "image/png", row["updated_at"])
