"""Scenario support for IBM: defaults for omitted fields of contents and view segments."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection

from vidmock.apis.ibm_analytics.domain.segments import insert_segments
from vidmock.apis.ibm_analytics.seeding.population import DEVICES, PLACES
from vidmock.apis.ibm_analytics.tables import contents, segments

# `views` is derived from the segments, so scenarios never name it.
TABLES = {"contents": contents, "segments": segments}
REFERENCES = (("segments", ("content_type", "content_id"), "contents", ("content_type", "content_id")),)


def complete(table: str, record: dict[str, Any], ctx) -> dict[str, Any]:
    rng = ctx.rng
    if table == "contents":
        kind = record.setdefault("content_type", "recorded")
        record.setdefault("content_id", rng.randint(10_000_000, 99_999_999))
        record.setdefault("title", ctx.faker.catch_phrase())
        record.setdefault("duration", rng.randint(90, 3600) if kind == "recorded" else None)
        return record
    if "content_id" not in record:
        content = ctx.pick(
            "contents", lambda c: c["content_type"] == record.get("content_type", c["content_type"])
        )
        record.setdefault("content_type", content.get("content_type", "recorded"))
        record["content_id"] = content.get("content_id", 0)
    kind = record.setdefault("content_type", "recorded")
    started = record.setdefault("started_at", ctx.now_s - rng.randint(600, 7 * 86_400))
    start_pos = record.setdefault("from_position", 0)
    if kind == "recorded" and "to_position" in record and "finished_at" not in record:
        record["finished_at"] = started + max(record["to_position"] - start_pos, 1)
    if "finished_at" not in record:
        finished = started + rng.randint(20, 1500)
        record["finished_at"] = None if finished > ctx.now_s else finished
    if "to_position" not in record:
        played = (record["finished_at"] or ctx.now_s) - started
        record["to_position"] = start_pos + played if kind == "recorded" else 0
    record.setdefault("client_id", str(rng.getrandbits(64)))
    record.setdefault("view_session_id", f"{rng.getrandbits(32):08x}:{rng.getrandbits(32):08x}")
    record.setdefault("viewer_identifier", None)
    country, region, city, _ = rng.choices(PLACES, [p[3] for p in PLACES])[0]
    record.setdefault("country", country)
    record.setdefault("region", region)
    record.setdefault("city", city)
    mobile = record.get("is_mobile_view")
    fitting = [d for d in DEVICES if mobile is None or d[1] == mobile]
    device, is_mobile, _ = rng.choices(fitting, [d[2] for d in fitting])[0]
    record.setdefault("is_mobile_view", is_mobile)
    record.setdefault("device_info", device)
    record.setdefault("view_type", "onsite")
    record.setdefault("id", str(uuid.UUID(int=rng.getrandbits(128), version=4)))
    return record


def insert(conn: Connection, table: str, rows: list[dict[str, Any]]) -> None:
    if table == "segments":
        insert_segments(conn, rows)  # keeps the derived views in step
    else:
        conn.execute(TABLES[table].insert(), rows)
