"""api.video's part of the control API (`/__admin/apivideo/...`, openapi/admin.yaml): broadcasts
started and stopped in place of an encoder, and the webhook delivery record. Errors are the
control API's problem details."""

from __future__ import annotations

from typing import Any

from vidmock.apis.apivideo.live import broadcasts
from vidmock.apis.apivideo.request_parts import now_ms
from vidmock.apis.apivideo.webhooks import deliveries, relay
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


async def list_deliveries(
    webhookId: str | None = None, event: str | None = None, delivered: bool | None = None
) -> tuple[dict[str, Any], int, dict]:
    with current().store.begin() as conn:
        rows = deliveries.list_deliveries(conn, webhookId, event, delivered)
    return {"deliveries": [deliveries.record(row) for row in rows]}, 200, JSON


async def flush_deliveries() -> tuple[dict[str, Any], int, dict]:
    world = current()
    touched = set(await relay.deliver_due(world))
    with world.store.begin() as conn:
        rows = [
            row for row in deliveries.list_deliveries(conn, None, None, None) if row["delivery_id"] in touched
        ]
    return {"deliveries": [deliveries.record(row) for row in rows]}, 200, JSON
