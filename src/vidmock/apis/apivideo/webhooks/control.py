"""api.video's webhook delivery record in the control API (`/__admin/apivideo/webhook-deliveries`,
openapi/admin.yaml): listed, and due attempts made at once. Errors are the control API's problem
details."""

from __future__ import annotations

from typing import Any

from vidmock.apis.apivideo.webhooks import deliveries, relay
from vidmock.world import current

JSON = {"Content-Type": "application/json"}


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
