"""Connexion operation of api.video's (deprecated) `GET /account`."""

from __future__ import annotations

from vidmock.apis.apivideo.account.domain import account
from vidmock.world import current


async def get_account() -> dict:
    world = current()
    with world.store.read() as conn:
        return account(conn, world.clock.now())
