"""Scenario support for Nomad Media: defaults for users, catalog assets and tracking records."""

from __future__ import annotations

import uuid
from typing import Any

from vidmock.apis.nomad.accounts import DEV_USER_ID, SEEDED_PASSWORD
from vidmock.apis.nomad.tables import assets, tracking, users
from vidmock.apis.nomad.tracking import record_id

TABLES = {"users": users, "assets": assets, "tracking": tracking}
REFERENCES = (
    ("tracking", ("user_id",), "users", ("id",)),
    ("tracking", ("asset_id",), "assets", ("id",)),
)


def _uuid(ctx) -> str:
    return str(uuid.UUID(int=ctx.rng.getrandbits(128), version=4))


def complete(table: str, record: dict[str, Any], ctx) -> dict[str, Any]:
    if table == "users":
        record.setdefault("id", _uuid(ctx))
        first = record.setdefault("first_name", ctx.faker.first_name())
        last = record.setdefault("last_name", ctx.faker.last_name())
        record.setdefault("user_name", f"{first}.{last}.{ctx.rng.randint(1, 9999)}@example.com".lower())
        record.setdefault("password", SEEDED_PASSWORD)
        record.setdefault("is_admin", False)
        return record
    if table == "assets":
        record.setdefault("id", _uuid(ctx))
        live = record.setdefault("is_live_stream", False)
        record.setdefault("content_id", None if live else _uuid(ctx))
        record.setdefault("title", f"{ctx.faker.city()} Live" if live else ctx.faker.catch_phrase())
        record.setdefault("total_seconds", 0.0 if live else float(ctx.rng.choice([22, 44, 95, 118]) * 60))
        return record
    user_id = record.setdefault("user_id", DEV_USER_ID)
    if "asset_id" not in record:
        record["asset_id"] = ctx.pick("assets", lambda a: not a["is_live_stream"]).get("id", "")
    asset = ctx.find("assets", id=record["asset_id"])
    profile = record.setdefault("profile_id", None)
    record.setdefault("id", record_id(user_id, profile, record["asset_id"]))
    record.setdefault("content_id", asset.get("content_id"))
    record.setdefault("video_tracking_attribute", "Undefined")
    total = record.setdefault("total_seconds", float(asset.get("total_seconds", 0.0)))
    furthest = record.setdefault("max_second", float(record.get("last_second", 0.0)))
    record.setdefault("last_second", furthest)
    reached = furthest / total if total else 0.0
    record.setdefault("is_first_quartile", reached >= 0.25)
    record.setdefault("is_mid_point", reached >= 0.5)
    record.setdefault("is_third_quartile", reached >= 0.75)
    record.setdefault("is_complete", reached >= 1.0)
    record.setdefault("is_hidden", False)
    record.setdefault("is_live_stream", bool(asset.get("is_live_stream", False)))
    if "last_beacon_date" not in record:
        when = ctx.now_ms - ctx.rng.randint(60_000, 7 * 86_400_000)
        record["last_beacon_date"] = _iso(when)
    record.setdefault("key_name", None)
    return record


def _iso(ms: int) -> str:
    from datetime import UTC, datetime

    at = datetime.fromtimestamp(ms / 1000, UTC)
    return f"{at:%Y-%m-%dT%H:%M:%S}.{at.microsecond // 1000:03d}Z"
