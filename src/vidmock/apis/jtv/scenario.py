"""Scenario support for JunctionTV MetaX: defaults for assets, favorites and activity."""

from __future__ import annotations

from typing import Any

from vidmock.apis.jtv.seeding import EXAMPLE_SUBSCRIBER, GENRES, RATINGS, THUMBNAILS
from vidmock.apis.jtv.tables import activity, assets, favorites

TABLES = {"assets": assets, "favorites": favorites, "activity": activity}
REFERENCES = (
    ("favorites", ("asset_id",), "assets", ("asset_id",)),
    ("activity", ("asset_id",), "assets", ("asset_id",)),
)


def complete(table: str, record: dict[str, Any], ctx) -> dict[str, Any]:
    rng = ctx.rng
    if table == "assets":
        asset_id = record.setdefault("asset_id", f"NNVG{rng.randint(10_000_000, 99_999_999)}")
        kind = record.setdefault("type", "vod")
        record.setdefault("title", ctx.faker.catch_phrase())
        record.setdefault("thumbnail", THUMBNAILS.format(asset_id))
        record.setdefault("description", ctx.faker.paragraph(nb_sentences=2))
        record.setdefault("genres", [rng.choice(GENRES)])
        record.setdefault("duration", None if kind == "episodic" else rng.randint(1200, 9000))
        record.setdefault("release_year", rng.randint(1985, ctx.now.year))
        record.setdefault("parental_rating", rng.choice(RATINGS))
        record.setdefault("tags", [])
        return record
    if "asset_id" not in record:
        record["asset_id"] = ctx.pick("assets", lambda a: a["type"] != "episodic").get("asset_id", "")
    if "subscriber_id" not in record:
        # The example subscriber first; another one once it already has this asset (a block).
        taken = ctx.find(table, subscriber_id=EXAMPLE_SUBSCRIBER, asset_id=record["asset_id"])
        record["subscriber_id"] = f"{ctx.faker.user_name()}@example.org" if taken else EXAMPLE_SUBSCRIBER
    subscriber = record["subscriber_id"]
    if table == "favorites":
        record.setdefault(
            "position", sum(1 for f in ctx.built.get("favorites", []) if f["subscriber_id"] == subscriber)
        )
        return record
    duration = ctx.find("assets", asset_id=record["asset_id"]).get("duration") or 3600
    record.setdefault("play_count", 1)
    paused = record.setdefault("pause_time_ms", rng.randint(10, max(duration - 60, 11)) * 1000)
    record.setdefault("view_time", (paused or 0) // 1000)
    record.setdefault("last_played_on", ctx.now_ms - rng.randint(60_000, 7 * 86_400_000))
    record.setdefault("user_rating", None)
    return record
