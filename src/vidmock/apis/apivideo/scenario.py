"""Scenario support for api.video: defaults for videos, live streams, sessions, events and upload
tokens (players in `players.scenario`, captions and chapters in `tracks.scenario`)."""

from __future__ import annotations

from typing import Any

from vidmock.apis.apivideo.analytics.tables import events, sessions
from vidmock.apis.apivideo.ids import new_id, new_stream_key
from vidmock.apis.apivideo.live.tables import live_streams
from vidmock.apis.apivideo.players import scenario as players_scenario
from vidmock.apis.apivideo.seeding import audience
from vidmock.apis.apivideo.tracks import scenario as tracks_scenario
from vidmock.apis.apivideo.uploads.tables import upload_tokens
from vidmock.apis.apivideo.uploads.tokens import expires_at
from vidmock.apis.apivideo.videos.tables import videos
from vidmock.apis.apivideo.webhooks.scenario import complete_webhook
from vidmock.apis.apivideo.webhooks.tables import webhooks

TABLES = {
    "players": players_scenario.TABLES["players"],
    "live_streams": live_streams,
    "videos": videos,
    "sessions": sessions,
    "events": events,
    "captions": tracks_scenario.TABLES["captions"],
    "chapters": tracks_scenario.TABLES["chapters"],
    "webhooks": webhooks,
    "upload_tokens": upload_tokens,
}
REFERENCES = (
    *players_scenario.REFERENCES,
    *tracks_scenario.REFERENCES,
    ("videos", ("live_stream_id",), "live_streams", ("live_stream_id",)),
    ("sessions", ("video_id",), "videos", ("video_id",)),
    ("sessions", ("live_stream_id",), "live_streams", ("live_stream_id",)),
    ("events", ("session_id",), "sessions", ("session_id",)),
)
DAY_MS = 86_400_000


def complete(table: str, record: dict[str, Any], ctx) -> dict[str, Any]:
    if table in ("captions", "chapters"):
        return tracks_scenario.complete_track(table, record, ctx)
    return {
        "players": players_scenario.complete_player,
        "live_streams": _live_stream,
        "videos": _video,
        "sessions": _session,
        "events": _event,
        "webhooks": complete_webhook,
        "upload_tokens": _upload_token,
    }[table](record, ctx)


def insert(conn, table_name: str, rows: list[dict[str, Any]]) -> None:
    """Players, captions and chapters carry files; the other records go in as they are."""
    if table_name == "players":
        players_scenario.insert(conn, rows)
    elif table_name in tracks_scenario.TABLES:
        tracks_scenario.insert(conn, table_name, rows)
    else:
        conn.execute(TABLES[table_name].insert(), rows)


def _live_stream(record: dict[str, Any], ctx) -> dict[str, Any]:
    record.setdefault("live_stream_id", new_id("li", ctx.rng))
    record.setdefault("name", f"{ctx.faker.city()} Live")
    record.setdefault("stream_key", new_stream_key(ctx.rng))
    for flag, default in (("record", False), ("public", True), ("broadcasting", False)):
        record.setdefault(flag, default)
    created = record.setdefault("created_at", ctx.now_ms - 30 * DAY_MS)
    record.setdefault("updated_at", created)
    return record


def _video(record: dict[str, Any], ctx) -> dict[str, Any]:
    rng = ctx.rng
    record.setdefault("video_id", new_id("vi", rng))
    record.setdefault("title", ctx.faker.catch_phrase())
    record.setdefault("description", ctx.faker.sentence(nb_words=12))
    for flag, default in (("public", True), ("panoramic", False), ("mp4_support", True)):
        record.setdefault(flag, default)
    record.setdefault("tags", [])
    record.setdefault("metadata", [])
    published = record.setdefault("published_at", ctx.now_ms - rng.randint(DAY_MS, 30 * DAY_MS))
    record.setdefault("updated_at", published)
    status = record.setdefault("ingest_status", "uploaded")
    if status == "uploaded":
        duration = record.setdefault("duration", rng.randint(30, 3600))
        record.setdefault("width", 1920)
        record.setdefault("height", 1080)
        record.setdefault("filesize", (duration or 1) * rng.randint(250_000, 1_000_000))
    return record


def _session(record: dict[str, Any], ctx) -> dict[str, Any]:
    rng = ctx.rng
    if "video_id" not in record and "live_stream_id" not in record:
        record["video_id"] = ctx.pick("videos").get("video_id")
    record.setdefault("session_id", new_id("ps", rng))
    loaded = record.setdefault("loaded_at", ctx.now_ms - rng.randint(3_600_000, 7 * DAY_MS))
    record.setdefault("ended_at", loaded + rng.randint(60_000, 3_600_000))
    video = ctx.find("videos", video_id=record.get("video_id")) if record.get("video_id") else {}
    record.setdefault("metadata", list(video.get("metadata", [])))
    defaults = audience(rng)
    for name, value in defaults.items():
        record.setdefault(name, value)
    return record


def _event(record: dict[str, Any], ctx) -> dict[str, Any]:
    if "session_id" not in record:
        record["session_id"] = ctx.pick("sessions").get("session_id", "")
    session = ctx.find("sessions", session_id=record["session_id"])
    earlier = [e for e in ctx.built.get("events", []) if e["session_id"] == record["session_id"]]
    record.setdefault("position", len(earlier))
    record.setdefault("type", "play")
    record.setdefault("emitted_at", session.get("loaded_at", ctx.now_ms) + 1000 * len(earlier))
    if record["type"] not in ("seek.forward", "seek.backward"):
        record.setdefault("at", 0)
    return record


def _upload_token(record: dict[str, Any], ctx) -> dict[str, Any]:
    """`ttl` in seconds (0, the default: never expires), counted from `created_at` (default: the
    clock's now), as `POST /upload-tokens` counts it."""
    record.setdefault("token", new_id("to", ctx.rng))
    ttl = record.setdefault("ttl", 0)
    created = record.setdefault("created_at", ctx.now_ms)
    record.setdefault("expires_at", expires_at(created, ttl))
    return record
