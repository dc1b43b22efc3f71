"""The default Nomad world: a catalog of content items (each with a main video asset, some
with a trailer too) and live channels; users who log in (the development user among them);
and each user's tracking records as beacons would have left them over the 60 days before
the clock: items started and left part-way, finished, hidden, and watchlist entries."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection

from vidmock.apis.nomad.accounts import DEV_PASSWORD, DEV_USER_ID, DEV_USER_NAME, SEEDED_PASSWORD
from vidmock.apis.nomad.operations import beacon_time
from vidmock.apis.nomad.tables import assets, tracking, users
from vidmock.apis.nomad.tracking import record_id
from vidmock.vendor import SeedContext

# (content items, live channels, users, most items a user has touched) per size.
SIZES = {"small": (12, 2, 6, 6), "medium": (150, 6, 200, 12), "large": (600, 12, 2000, 20)}
HISTORY = timedelta(days=60)
TRAILER_SHARE = 0.3
WATCHLIST_SHARE = 0.25  # of touched items, kept on the watchlist
HIDDEN_SHARE = 0.05


def _uuid(ctx: SeedContext) -> str:
    return str(uuid.UUID(int=ctx.rng.getrandbits(128), version=4))


def seed(conn: Connection, ctx: SeedContext) -> None:
    contents, channels, people, most = SIZES[ctx.size]
    catalog = _catalog(ctx, contents, channels)
    conn.execute(assets.insert(), catalog)
    accounts = _users(ctx, people)
    conn.execute(users.insert(), accounts)
    videos = [a for a in catalog if not a["is_live_stream"]]
    records = []
    for user in accounts:
        touched = ctx.rng.sample(videos, ctx.rng.randint(3 if user["id"] == DEV_USER_ID else 0, most))
        records.extend(_record(ctx, user["id"], asset) for asset in touched)
    if records:
        conn.execute(tracking.insert(), records)


def _catalog(ctx: SeedContext, contents: int, channels: int) -> list[dict[str, Any]]:
    rows = []
    for _ in range(contents):
        content_id = _uuid(ctx)
        title = ctx.faker.catch_phrase()
        seconds = float(ctx.rng.choice([22, 25, 44, 48, 52, 95, 105, 118, 132]) * 60)
        rows.append(_asset(_uuid(ctx), content_id, title, seconds, False))
        if ctx.rng.random() < TRAILER_SHARE:
            rows.append(_asset(_uuid(ctx), content_id, f"{title} (trailer)", 150.0, False))
    for _ in range(channels):
        rows.append(_asset(_uuid(ctx), None, f"{ctx.faker.city()} Live", 0.0, True))
    return rows


def _asset(asset_id: str, content_id: str | None, title: str, seconds: float, live: bool) -> dict[str, Any]:
    return {
        "id": asset_id,
        "content_id": content_id,
        "title": title,
        "total_seconds": seconds,
        "is_live_stream": live,
    }


def _users(ctx: SeedContext, people: int) -> list[dict[str, Any]]:
    rows = [
        {
            "id": DEV_USER_ID,
            "user_name": DEV_USER_NAME,
            "password": DEV_PASSWORD,
            "first_name": "Dev",
            "last_name": "User",
            "is_admin": True,
        }
    ]
    for n in range(people):
        first, last = ctx.faker.first_name(), ctx.faker.last_name()
        rows.append(
            {
                "id": _uuid(ctx),
                "user_name": f"{first}.{last}{n}@example.com".lower(),
                "password": SEEDED_PASSWORD,
                "first_name": first,
                "last_name": last,
                "is_admin": False,
            }
        )
    return rows


def _record(ctx: SeedContext, user_id: str, asset: dict[str, Any]) -> dict[str, Any]:
    total = asset["total_seconds"]
    on_watchlist = ctx.rng.random() < WATCHLIST_SHARE
    # A watchlist entry may never have been played; everything else has.
    played = not on_watchlist or ctx.rng.random() < 0.5
    reached = ctx.rng.choice([0.05, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0]) if played else 0.0
    furthest = round(total * reached)
    last = furthest if ctx.rng.random() < 0.7 else round(furthest * ctx.rng.random())
    when = ctx.now - HISTORY * ctx.rng.random()
    return {
        "id": record_id(user_id, None, asset["id"]),
        "user_id": user_id,
        "profile_id": None,
        "asset_id": asset["id"],
        "content_id": asset["content_id"],
        "video_tracking_attribute": "Watchlist" if on_watchlist else "Undefined",
        "is_first_quartile": reached >= 0.25,
        "is_mid_point": reached >= 0.5,
        "is_third_quartile": reached >= 0.75,
        "is_complete": reached >= 1.0,
        "is_hidden": played and ctx.rng.random() < HIDDEN_SHARE,
        "is_live_stream": False,
        "max_second": float(furthest),
        "last_second": float(last),
        "total_seconds": total,
        "last_beacon_date": beacon_time(when) if played else None,
        "key_name": None,
    }
