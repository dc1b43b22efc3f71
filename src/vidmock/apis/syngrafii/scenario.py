"""Scenario support for Syngrafii: defaults for packages, meetings, sessions and videos."""

from __future__ import annotations

import uuid
from typing import Any

from vidmock.apis.syngrafii.tables import meetings, packages, sessions, videos
from vidmock.apis.syngrafii.videos import DELETED

TABLES = {"packages": packages, "meetings": meetings, "sessions": sessions, "videos": videos}
REFERENCES = (
    ("meetings", ("package_id",), "packages", ("package_id",)),
    ("sessions", ("meeting_id",), "meetings", ("meeting_id",)),
    ("videos", ("meeting_session_id",), "sessions", ("meeting_session_id",)),
    ("videos", ("meeting_id",), "meetings", ("meeting_id",)),
    ("videos", ("package_id",), "packages", ("package_id",)),
)
HOUR_MS = 3_600_000


def _uuid(ctx) -> str:
    return str(uuid.UUID(int=ctx.rng.getrandbits(128), version=4))


def complete(table: str, record: dict[str, Any], ctx) -> dict[str, Any]:
    if table == "packages":
        record.setdefault("package_id", _uuid(ctx))
        record.setdefault("name", f"Mortgage agreement: {ctx.faker.last_name()}")
        record.setdefault("time_created", ctx.now_ms - 24 * HOUR_MS)
        return record
    if table == "meetings":
        package = ctx.find("packages", package_id=record["package_id"]) if "package_id" in record else {}
        package = package or ctx.pick("packages")
        record.setdefault("package_id", package.get("package_id", ""))
        record.setdefault("meeting_id", _uuid(ctx))
        record.setdefault("title", f"{package.get('name', 'Signing')} meeting")
        record.setdefault("time_scheduled", package.get("time_created", ctx.now_ms - HOUR_MS))
        return record
    if table == "sessions":
        if "meeting_id" not in record:
            record["meeting_id"] = ctx.pick("meetings").get("meeting_id", "")
        meeting = ctx.find("meetings", meeting_id=record["meeting_id"])
        record.setdefault("meeting_session_id", _uuid(ctx))
        started = record.setdefault("time_started", meeting.get("time_scheduled", ctx.now_ms - HOUR_MS))
        record.setdefault("time_ended", started + 30 * 60_000)
        return record
    if "meeting_session_id" not in record:
        record["meeting_session_id"] = ctx.pick("sessions").get("meeting_session_id")
    session = ctx.find("sessions", meeting_session_id=record["meeting_session_id"])
    record.setdefault("meeting_id", session.get("meeting_id", ""))
    meeting = ctx.find("meetings", meeting_id=record["meeting_id"])
    record.setdefault("package_id", meeting.get("package_id", ""))
    record.setdefault("meeting_video_id", _uuid(ctx))
    record.setdefault("meeting_video_shared_id", _uuid(ctx))
    state = record.setdefault("state", "archived")
    created = record.setdefault("time_created", session.get("time_started", ctx.now_ms - HOUR_MS) + 1000)
    ended = session.get("time_ended") or ctx.now_ms
    record.setdefault("time_deleted", ended + 60_000 if state == DELETED else None)
    if state == "started":
        record.setdefault("duration_seconds", None)
        record.setdefault("size", None)
    else:
        duration = record.setdefault("duration_seconds", max(1, (ended - created) // 1000))
        record.setdefault("size", (duration or 1) * 100_000)
    record.setdefault("source", "meeting")
    record.setdefault("type", "video")
    return record
