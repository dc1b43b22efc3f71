"""JTV's wire format for the MetaX 2.1 reads: catalogue fields joined to the stored activity.
An asset missing from the catalogue still shows, with its id and null catalogue fields."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, bindparam, select

from vidmock.apis.jtv.tables import assets
from vidmock.storage.rows import as_dicts

CATALOGUE_FIELDS = ("type", "description", "genres", "duration", "releaseYear", "parentalRating", "tags")
# Built once: building a statement anew costs more than running it.
_ASSETS = select(assets).where(assets.c.asset_id.in_(bindparam("ids", expanding=True)))


def catalogue(conn: Connection, asset_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    wanted = list(set(asset_ids))
    if not wanted:
        return {}
    return {row["asset_id"]: row for row in as_dicts(conn.execute(_ASSETS, {"ids": wanted}))}


def summary(asset_id: str, record: dict[str, Any] | None) -> dict[str, Any]:
    """`size=min`: id, title, thumbnail."""
    record = record or {}
    return {"id": asset_id, "title": record.get("title"), "thumbnail": record.get("thumbnail")}


def full(asset_id: str, record: dict[str, Any] | None) -> dict[str, Any]:
    """`size=max`: every catalogue field."""
    if record is None:
        return {**summary(asset_id, None), **dict.fromkeys(CATALOGUE_FIELDS)}
    return {
        **summary(asset_id, record),
        "type": record["type"],
        "description": record["description"],
        "genres": record["genres"],
        "duration": record["duration"],
        "releaseYear": record["release_year"],
        "parentalRating": record["parental_rating"],
        "tags": record["tags"],
    }


def watch_item(row: dict[str, Any], record: dict[str, Any] | None) -> dict[str, Any]:
    return {
        **summary(row["asset_id"], record),
        "type": (record or {}).get("type"),
        "playCount": row["play_count"],
        "viewTime": row["view_time"],
        "pauseTime": row["pause_time_ms"],
        "lastPlayedOn": row["last_played_on"],
        "userRating": row["user_rating"],
    }


def ack(message: str, subscriber: str, asset_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "result": "success",
        "message": message,
        "subscriber_id": subscriber,
        "asset_id": asset_id,
        **extra,
    }
