"""Helpers for hand-built JTV worlds: a tiny catalogue, direct views of a subscriber's stored state."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from vidmock.apis.jtv.tables import activity, favorites

JTV = "/jtv"
BEARER = {"Authorization": "Bearer dev-token"}
SUB = "ada@example.org"


def asset(asset_id: str, kind: str = "vod", title: str | None = None) -> dict[str, Any]:
    return {
        "asset_id": asset_id,
        "type": kind,
        "title": title or f"Title of {asset_id}",
        "thumbnail": f"https://img.example/{asset_id}.jpg",
        "description": f"About {asset_id}",
        "genres": ["Drama"],
        "duration": 3600,
        "release_year": 2020,
        "parental_rating": "TV-14",
        "tags": ["new"],
    }


# Two catalogue assets with the vendor's two id styles.
CATALOGUE = [asset("NNVG10006424", "vod", "The Long Night"), asset("6149", "episode", "Pilot")]


def stored(app, subscriber: str = SUB) -> dict[str, Any]:
    """What the store holds for a subscriber: favorites in order, activity per asset."""
    with app.world.store.begin() as conn:
        favs = conn.execute(
            select(favorites.c.asset_id)
            .where(favorites.c.subscriber_id == subscriber)
            .order_by(favorites.c.position)
        ).scalars()
        rows = conn.execute(select(activity).where(activity.c.subscriber_id == subscriber)).mappings()
        return {
            "favorites": list(favs),
            "activity": {
                r["asset_id"]: {k: v for k, v in r.items() if k not in ("subscriber_id", "asset_id")}
                for r in rows
            },
        }


def row(
    play_count=None, view_time=None, pause_time_ms=None, last_played_on=None, user_rating=None
) -> dict[str, Any]:
    """A stored activity row; None is a field never reported."""
    return {
        "play_count": play_count,
        "view_time": view_time,
        "pause_time_ms": pause_time_ms,
        "last_played_on": last_played_on,
        "user_rating": user_rating,
    }


def ingest(client, body: Any, subscriber: str = SUB, headers=BEARER, **params):
    return client.put(f"{JTV}/metax/3.0/ui/user/stat/{subscriber}", params=params, json=body, headers=headers)
