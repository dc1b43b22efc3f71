"""The seeded players: themes drawn from a palette, one with a logo, so a seed always gives the same
bytes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from vidmock.apis.apivideo import images
from vidmock.apis.apivideo.ids import new_id
from vidmock.apis.apivideo.players.domain import DEFAULT_COLOURS, DEFAULT_SWITCHES, logo_blob_id
from vidmock.apis.apivideo.players.tables import COLOURS, SWITCHES, players
from vidmock.storage import blobs
from vidmock.vendor import SeedContext

PLAYERS = {"small": 2, "medium": 4, "large": 8}

DAY_MS = 86_400_000


PALETTE = ["rgba(255, 0, 0, .95)", "rgba(72, 4, 45, 1)", "rgba(94, 95, 89, 1)", "rgba(50, 50, 50, .7)"]


def seed_players(conn: Connection, ctx: SeedContext, now_ms: int) -> list[str]:
    """Insert the players; their ids, for videos and live streams to use."""
    rng = ctx.rng
    rows = []
    for index in range(PLAYERS[ctx.size]):
        created = now_ms - rng.randint(DAY_MS, 180 * DAY_MS)
        row: dict[str, Any] = {"player_id": new_id("pl", rng), "name": f"{ctx.faker.company()} player"}
        for field, column in COLOURS.items():
            row[column] = rng.choice(PALETTE) if rng.random() < 0.3 else DEFAULT_COLOURS[field]
        for field, column in SWITCHES.items():
            row[column] = (not DEFAULT_SWITCHES[field]) if rng.random() < 0.2 else DEFAULT_SWITCHES[field]
        # The first player carries a logo, so the seeded world shows one.
        row["logo_link"] = "https://example.com" if index == 0 else None
        row["created_at"] = created
        row["updated_at"] = created + rng.randint(0, 30 * DAY_MS)
        rows.append(row)
        if index == 0:
            logo = images.png(images.placeholder_jpeg(160, 80, row["player_id"]))
            blobs.put(conn, logo_blob_id(row["player_id"]), logo, "image/png", row["updated_at"])
    conn.execute(players.insert(), rows)
    return [row["player_id"] for row in rows]
