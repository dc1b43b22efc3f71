"""Live broadcasts, started and stopped through the control API in place of an RTMP push.

Starting announces `live-stream.broadcast.started`, stopping `live-stream.broadcast.ended`
(api.video's payload `{type, emittedAt, liveStreamId}`), both due at once. A stream with
`record: true` leaves a video when its broadcast stops: titled after the stream, linked to it,
its source in (`ingest_status` "uploaded"), announced by `video.source.recorded`
(`{type, emittedAt, liveStreamId, videoId}`: "the recording is ready to be transcoded")."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, select

from vidmock.apis.apivideo.ids import new_id
from vidmock.apis.apivideo.live.domain import find_live_stream
from vidmock.apis.apivideo.live.tables import live_streams
from vidmock.apis.apivideo.media import encoding
from vidmock.apis.apivideo.videos.tables import videos
from vidmock.apis.apivideo.webhooks import outbox
from vidmock.apis.apivideo.webhooks.tables import broadcasts
from vidmock.http.errors import ApiError

# api.video's live streams go up to 1080p; the recording is taken at that size.
RECORDED_WIDTH, RECORDED_HEIGHT = 1920, 1080
RECORDED_BYTES_PER_SECOND = 750_000  # about 6 Mbit/s


def start(conn: Connection, live_stream_id: str, now_ms: int) -> dict[str, Any]:
    """Begin a broadcast; the stream as it is now. 404 for an unknown stream, 409 when it is
    already broadcasting (nothing changes)."""
    stream = find_live_stream(conn, live_stream_id)
    if stream["broadcasting"]:
        raise ApiError(
            409, f"the live stream '{live_stream_id}' is already broadcasting", parameter="liveStreamId"
        )
    _set_broadcasting(conn, live_stream_id, True)
    conn.execute(broadcasts.insert(), {"live_stream_id": live_stream_id, "started_at": now_ms})
    _announce(conn, "live-stream.broadcast.started", live_stream_id, now_ms)
    return find_live_stream(conn, live_stream_id)


def stop(conn: Connection, live_stream_id: str, now_ms: int) -> tuple[dict[str, Any], str | None]:
    """End the broadcast; the stream and the id of the video recorded (None unless the stream
    records). 404 for an unknown stream, 409 when it is not broadcasting."""
    stream = find_live_stream(conn, live_stream_id)
    if not stream["broadcasting"]:
        raise ApiError(
            409, f"the live stream '{live_stream_id}' is not broadcasting", parameter="liveStreamId"
        )
    began = conn.execute(
        select(broadcasts.c.started_at).where(broadcasts.c.live_stream_id == live_stream_id)
    ).scalar()
    # A stream stored as broadcasting (seeded, from a scenario) has no recorded start: its
    # last update stands for it.
    started_at = stream["updated_at"] if began is None else began
    conn.execute(delete(broadcasts).where(broadcasts.c.live_stream_id == live_stream_id))
    _set_broadcasting(conn, live_stream_id, False)
    _announce(conn, "live-stream.broadcast.ended", live_stream_id, now_ms)
    video_id = _record(conn, stream, started_at, now_ms) if stream["record"] else None
    return find_live_stream(conn, live_stream_id), video_id


def _set_broadcasting(conn: Connection, live_stream_id: str, on: bool) -> None:
    # Not an update through the API: `updatedAt` stays.
    statement = live_streams.update().where(live_streams.c.live_stream_id == live_stream_id)
    conn.execute(statement.values(broadcasting=on))


def _announce(conn: Connection, event_type: str, live_stream_id: str, now_ms: int, **more: str) -> None:
    payload = {
        "type": event_type,
        "emittedAt": outbox.emitted_at(now_ms),
        "liveStreamId": live_stream_id,
        **more,
    }
    outbox.publish(conn, event_type, payload, now_ms, live_stream_id)


def _record(conn: Connection, stream: dict[str, Any], started_at: int, now_ms: int) -> str:
    duration = max(1, (now_ms - started_at) // 1000)
    video_id = new_id("vi")
    conn.execute(
        videos.insert(),
        {
            "video_id": video_id,
            "title": stream["name"],
            "description": "",
            "public": stream["public"],
            "panoramic": False,
            "mp4_support": True,
            "player_id": stream["player_id"],
            "tags": [],
            "metadata": [],
            "published_at": now_ms,
            "updated_at": now_ms,
            "live_stream_id": stream["live_stream_id"],
            "source_url": None,
            "ingest_status": "uploaded",
            "filesize": duration * RECORDED_BYTES_PER_SECOND,
            "duration": duration,
            "width": RECORDED_WIDTH,
            "height": RECORDED_HEIGHT,
        },
    )
    _announce(conn, "video.source.recorded", stream["live_stream_id"], now_ms, videoId=video_id)
    # The recording's source is in: its renditions encode on the clock, as an upload's do.
    encoding.start(conn, video_id, RECORDED_HEIGHT, now_ms)
    return video_id
