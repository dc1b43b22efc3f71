"""Playback reported by the mock's player page becomes api.video analytics: sessions and events
in the same tables the seeding fills, read back by `/analytics/videos/{videoId}` and
`/analytics/sessions/{sessionId}/events` like any other.

A report (a "ping", the shape api.video's player sends its collector: `@api.video/player-analytics`)
is `{emitted_at, session: {loaded_at, video_id, referrer?, metadata?, session_id?}, events}`.
Without `session_id` it starts a session; with one it adds to it.

Times are the mock's: a ping arrives at the clock's now, and each time it carries is placed that
long before now as it was before the ping's `emitted_at` (so a browser's clock, or a frozen
mock clock, never disorders anything). A session loads at most a day before its first ping. An
event is never placed before the session loaded nor before the event recorded before it, nor
after now; the session ends when its last ping arrives. Positions are whole seconds, rounded to
the nearest one.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select

from vidmock.apis.apivideo.analytics.tables import events, sessions
from vidmock.apis.apivideo.ids import new_id
from vidmock.apis.apivideo.videos.tables import videos
from vidmock.http.errors import ApiError

SEEKS = ("seek.forward", "seek.backward")
# A session is placed at most this long before the ping that starts it.
MAX_AGE_MS = 24 * 3600 * 1000


def record(conn: Connection, ping: dict[str, Any], audience: dict[str, str], now_ms: int) -> str:
    """Store the ping (validated against the spec's `PlaybackPing`) and return its session's id.
    `audience` holds the session's device, OS, client, referrer and place columns.

    Errors: 404 naming `session.video_id` (no such video) or `session.session_id` (no session of
    that video); 400 naming the event field a rule the schema cannot state wants (`at` on a
    playhead event, `from` and `to` on a seek, `to` past `from` on `seek.forward`, before it on
    `seek.backward`). Nothing is written when a ping is refused."""
    about = ping["session"]
    video = conn.execute(select(videos).where(videos.c.video_id == about["video_id"])).mappings().first()
    if video is None:
        raise ApiError(404, f"No video has the videoId '{about['video_id']}'", pointer="/session/video_id")
    timeline = [_event(index, event) for index, event in enumerate(ping["events"])]
    skew = now_ms - _ms(ping["emitted_at"], "/emitted_at")

    session_id = about.get("session_id")
    if session_id is None:
        session_id = new_id("ps")
        loaded = min(max(_ms(about["loaded_at"], "/session/loaded_at") + skew, now_ms - MAX_AGE_MS), now_ms)
        row = {
            "session_id": session_id,
            "video_id": video["video_id"],
            "live_stream_id": None,
            "loaded_at": loaded,
            "ended_at": now_ms,
            "metadata": _metadata(video["metadata"], about.get("metadata", [])),
            **audience,
        }
        conn.execute(sessions.insert(), row)
        floor, position = loaded, 0
    else:
        statement = select(sessions).where(
            sessions.c.session_id == session_id, sessions.c.video_id == video["video_id"]
        )
        row = conn.execute(statement).mappings().first()
        if row is None:
            raise ApiError(404, f"The video has no session '{session_id}'", pointer="/session/session_id")
        last = select(func.max(events.c.emitted_at), func.count()).where(events.c.session_id == session_id)
        latest, position = conn.execute(last).one()
        floor = max(row["loaded_at"], latest or row["loaded_at"])
        ended = max(row["ended_at"], now_ms)
        conn.execute(sessions.update().where(sessions.c.session_id == session_id).values(ended_at=ended))

    rows = []
    for event in timeline:
        floor = max(floor, min(event["emitted_at"] + skew, now_ms))
        rows.append({**event, "session_id": session_id, "position": position, "emitted_at": floor})
        position += 1
    if rows:
        conn.execute(events.insert(), rows)
    return session_id


def _event(index: int, event: dict[str, Any]) -> dict[str, Any]:
    """The event's columns (its time still the sender's); a 400 naming the field a rule wants."""
    kind = event["type"]
    pointer = f"/events/{index}"
    if kind in SEEKS:
        for field in ("from", "to"):
            if field not in event:
                raise ApiError(
                    400, f"A {kind} event needs '{field}'", pointer=f"{pointer}/{field}", rule="required"
                )
        if (event["to"] > event["from"]) != (kind == "seek.forward") or event["to"] == event["from"]:
            way = "after" if kind == "seek.forward" else "before"
            raise ApiError(
                400,
                f"A {kind} event goes to a point {way} 'from' ({event['from']} s)",
                pointer=f"{pointer}/to",
            )
        start, end = _second(event["from"]), _second(event["to"])
        return {
            "type": kind,
            "emitted_at": _ms(event["emitted_at"], f"{pointer}/emitted_at"),
            "at": None,
            "from_second": start,
            "to_second": end,
        }
    if "at" not in event:
        raise ApiError(
            400, f"A {kind} event needs 'at', the playhead", pointer=f"{pointer}/at", rule="required"
        )
    at = _second(event["at"])
    return {
        "type": kind,
        "emitted_at": _ms(event["emitted_at"], f"{pointer}/emitted_at"),
        "at": at,
        "from_second": None,
        "to_second": None,
    }


def _metadata(of_video: list[dict[str, str]], reported: list[dict[str, str]]) -> list[dict[str, str]]:
    """The video's metadata when the session starts, with the player's pairs (`[{key: value}]`,
    from its URL's `metadata[key]=value`) added; a key the video has takes the player's value."""
    pairs = {pair["key"]: pair["value"] for pair in of_video}
    for entry in reported:
        pairs.update(entry)
    return [{"key": key, "value": value} for key, value in pairs.items()]


def _second(value: float) -> int:
    return math.floor(value + 0.5)


def _ms(moment: str, pointer: str) -> int:
    """Unix milliseconds of an RFC 3339 date-time; the spec checked its form, a day such as
    February 30 is still a 400 naming the field."""
    try:
        return math.floor(datetime.fromisoformat(moment.upper()).timestamp() * 1000)
    except (ValueError, OverflowError) as exc:
        raise ApiError(400, f"'{moment}' is not a real date-time ({exc})", pointer=pointer) from None
