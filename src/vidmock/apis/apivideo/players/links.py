"""Videos and live streams name their player by `playerId`: it must be an existing player."""

from __future__ import annotations

from sqlalchemy import Connection, select

from vidmock.apis.apivideo.live.tables import live_streams
from vidmock.apis.apivideo.players.tables import players
from vidmock.apis.apivideo.videos.tables import videos
from vidmock.http.errors import ApiError


def require_player(conn: Connection, player_id: str | None) -> None:
    """Nothing when `player_id` is None (no player, or `null` to remove it) or names a player;
    else a 400 naming `playerId`."""
    if player_id is None:
        return
    if conn.execute(select(players.c.player_id).where(players.c.player_id == player_id)).first() is None:
        raise ApiError(400, f"No player has the playerId '{player_id}'", pointer="/playerId")


def unlink_player(conn: Connection, player_id: str) -> None:
    """A deleted player's videos and live streams are left without a player."""
    for table in (videos, live_streams):
        conn.execute(table.update().where(table.c.player_id == player_id).values(player_id=None))
