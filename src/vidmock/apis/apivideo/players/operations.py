"""Connexion operations of api.video's players (`/players…`)."""

from __future__ import annotations

from typing import Any

from vidmock.apis.apivideo import wire
from vidmock.apis.apivideo.players import domain as themes
from vidmock.apis.apivideo.players import wire as players_wire
from vidmock.apis.apivideo.request_parts import now_ms, page_of
from vidmock.world import current


async def list_players(
    sortBy: str = "createdAt", sortOrder: str = "asc", currentPage: int = 1, pageSize: int = 25
) -> dict:
    with current().store.read() as conn:
        rows = themes.list_players(conn, sortBy, sortOrder == "desc")
    page, shown = page_of(rows, currentPage, pageSize)
    return wire.listing([players_wire.player(row) for row in shown], page)


async def create_player(body: dict) -> tuple[dict, int]:
    with current().store.begin() as conn:
        return players_wire.player(themes.create_player(conn, body, now_ms())), 201


async def get_player(playerId: str) -> dict:
    with current().store.read() as conn:
        return players_wire.player(themes.find_player(conn, playerId))


async def update_player(playerId: str, body: dict) -> dict:
    with current().store.begin() as conn:
        return players_wire.player(themes.update_player(conn, playerId, body, now_ms()))


async def delete_player(playerId: str) -> tuple[None, int]:
    with current().store.begin() as conn:
        themes.delete_player(conn, playerId)
    return None, 204


async def upload_logo(playerId: str, file: Any, body: dict) -> tuple[dict, int]:
    data = await file.read()
    with current().store.begin() as conn:
        row = themes.set_logo(conn, playerId, data, body["link"], now_ms())
        return players_wire.player(row), 201


async def delete_logo(playerId: str) -> tuple[None, int]:
    with current().store.begin() as conn:
        themes.delete_logo(conn, playerId, now_ms())
    return None, 204
