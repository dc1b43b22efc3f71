"""api.video's live streams in the control API (`/__admin/apivideo/live-streams/{id}/broadcast`,
openapi/admin.yaml): a broadcast started and stopped in place of an encoder. Errors are the
control API's problem details."""

from __future__ import annotations

from typing import Any

from vidmock.apis.apivideo.live import broadcasts
from vidmock.apis.apivideo.request_parts import now_ms
from vidmock.world import current

JSON = {"Content-Type": "application/json"}


async def start_broadcast(liveStreamId: str) -> tuple[dict[str, Any], int, dict]:
    with current().store.begin() as conn:
        stream = broadcasts.start(conn, liveStreamId, now_ms())
    return _change(stream, None), 200, JSON


async def stop_broadcast(liveStreamId: str) -> tuple[dict[str, Any], int, dict]:
    with current().store.begin() as conn:
        stream, video_id = broadcasts.stop(conn, liveStreamId, now_ms())
    return _change(stream, video_id), 200, JSON


def _change(stream: dict[str, Any], video_id: str | None) -> dict[str, Any]:
    return {
        "liveStreamId": stream["live_stream_id"],
        "broadcasting": stream["broadcasting"],
        "recordedVideoId": video_id,
    }
