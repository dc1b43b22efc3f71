"""api.video's wire format of a player (`Player` in its 2021 spec); the logo is a URL on the mock's
host."""

from __future__ import annotations

from typing import Any

from vidmock.apis.apivideo.players.tables import COLOURS, SWITCHES
from vidmock.apis.apivideo.urls import served_url
from vidmock.apis.apivideo.wire import iso_seconds


def player(row: dict[str, Any]) -> dict[str, Any]:
    """`name` only when one was given; `assets` only while the player has a logo."""
    answer: dict[str, Any] = {"playerId": row["player_id"]}
    if row["name"] is not None:
        answer["name"] = row["name"]
    answer.update({field: row[column] for field, column in COLOURS.items()})
    answer.update({field: row[column] for field, column in SWITCHES.items()})
    answer["createdAt"] = iso_seconds(row["created_at"])
    answer["updatedAt"] = iso_seconds(row["updated_at"])
    if row["logo_link"] is not None:
        logo = served_url(f"/player/{row['player_id']}/logo.png")
        answer["assets"] = {"logo": logo, "link": row["logo_link"]}
    return answer
