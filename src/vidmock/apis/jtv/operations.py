"""Connexion operations of JTV MetaX: read the parsed request, apply the activity rules, shape
the answer. The spec has already checked every id, type and bound, so each write below runs
in one transaction that cannot fail half-way (and requests never interleave inside it)."""

from __future__ import annotations

from typing import Any

from connexion.context import context

from vidmock.apis.jtv import activity, wire
from vidmock.apis.jtv.security import AUDIENCE
from vidmock.world import current

TOKEN_LIFETIME = 3600
TOKEN_VERSION = "1.1"


async def issue_token(body: dict[str, Any]) -> dict[str, Any]:
    # The security scheme has checked the Basic credentials before we get here.
    client_id = context["user"]
    token = current().tokens.issue(AUDIENCE, client_id, TOKEN_LIFETIME)
    return {
        "version": TOKEN_VERSION,
        "client_id": client_id,
        "access_token": token.value,
        "expires_in": token.expires_in,
    }


async def ingest_activity(SUBSCRIBER_ID: str, body: dict[str, Any], isDelta: bool = True) -> dict[str, Any]:
    with current().store.begin() as conn:
        totals = activity.ingest(
            conn, SUBSCRIBER_ID, body.get("favorites"), body.get("view_data"), is_delta=isDelta
        )
    return {
        "result": "success",
        "message": "Activity history updated" if isDelta else "Activity history replaced",
        "subscriber_id": SUBSCRIBER_ID,
        "isDelta": isDelta,
        "favorites": totals.favorites,
        "assets": totals.assets,
    }


async def list_favorites(SUBSCRIBER_ID: str, size: str = "min") -> dict[str, Any]:
    with current().store.read() as conn:
        ids = activity.favorite_ids(conn, SUBSCRIBER_ID)
        records = wire.catalogue(conn, ids)
    shape = wire.full if size == "max" else wire.summary
    items = [shape(asset_id, records.get(asset_id)) for asset_id in ids]
    return {
        "result": "success",
        "subscriber_id": SUBSCRIBER_ID,
        "size": size,
        "count": len(items),
        "favorites": items,
    }


async def add_favorite(SUBSCRIBER_ID: str, ASSET_ID: str, type: str | None = None) -> dict[str, Any]:
    with current().store.begin() as conn:
        added = activity.add_favorite(conn, SUBSCRIBER_ID, ASSET_ID)
    message = "Added to favorites" if added else "Already in favorites"
    return wire.ack(message, SUBSCRIBER_ID, ASSET_ID)


async def remove_favorite(SUBSCRIBER_ID: str, ASSET_ID: str) -> dict[str, Any]:
    with current().store.begin() as conn:
        removed = activity.remove_favorite(conn, SUBSCRIBER_ID, ASSET_ID)
    message = "Removed from favorites" if removed else "Not in favorites"
    return wire.ack(message, SUBSCRIBER_ID, ASSET_ID)


async def list_watch_history(SUBSCRIBER_ID: str) -> dict[str, Any]:
    with current().store.read() as conn:
        rows = activity.watch_history(conn, SUBSCRIBER_ID)
        records = wire.catalogue(conn, (row["asset_id"] for row in rows))
    items = [wire.watch_item(row, records.get(row["asset_id"])) for row in rows]
    return {"result": "success", "subscriber_id": SUBSCRIBER_ID, "count": len(items), "history": items}


async def add_watch(SUBSCRIBER_ID: str, ASSET_ID: str, type: str | None = None) -> dict[str, Any]:
    world = current()
    with world.store.begin() as conn:
        activity.record_play(conn, SUBSCRIBER_ID, ASSET_ID, world.clock.millis())
    return wire.ack("Added to watch history", SUBSCRIBER_ID, ASSET_ID)


async def remove_watch(SUBSCRIBER_ID: str, ASSET_ID: str) -> dict[str, Any]:
    with current().store.begin() as conn:
        removed = activity.forget_viewing(conn, SUBSCRIBER_ID, ASSET_ID)
    message = "Removed from watch history" if removed else "Not in watch history"
    return wire.ack(message, SUBSCRIBER_ID, ASSET_ID)


async def get_pause_time(SUBSCRIBER_ID: str, ASSET_ID: str) -> dict[str, Any]:
    with current().store.read() as conn:
        time_ms = activity.pause_time_ms(conn, SUBSCRIBER_ID, ASSET_ID)
    return {"result": "success", "subscriber_id": SUBSCRIBER_ID, "asset_id": ASSET_ID, "time": time_ms}


async def set_pause_time(SUBSCRIBER_ID: str, ASSET_ID: str, time: int) -> dict[str, Any]:
    with current().store.begin() as conn:
        stored = activity.set_pause_time(conn, SUBSCRIBER_ID, ASSET_ID, time)
    if stored:
        return wire.ack("Pause time saved", SUBSCRIBER_ID, ASSET_ID, ignored=False)
    return wire.ack("Pause time under 10 s ignored", SUBSCRIBER_ID, ASSET_ID, ignored=True)


async def update_review(SUBSCRIBER_ID: str, ASSET_ID: str, score: float) -> dict[str, Any]:
    with current().store.begin() as conn:
        activity.set_fields(conn, SUBSCRIBER_ID, ASSET_ID, {"user_rating": score})
    return wire.ack("Rating saved", SUBSCRIBER_ID, ASSET_ID)
