"""Webhook subscriptions: listing (optionally those with one event), creation, reading, deletion.

A webhook hears an event if it names the event's type and existed when the event fell due
(see `deliveries.fan_out`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, select

from vidmock.apis.apivideo.common import not_found, sort_rows
from vidmock.apis.apivideo.ids import new_id
from vidmock.apis.apivideo.webhooks.tables import deliveries, webhooks
from vidmock.storage.rows import as_dicts

# The events api.video announces (its webhook guide): the only names a subscription takes.
EVENTS = (
    "video.encoding.quality.completed",
    "live-stream.broadcast.started",
    "live-stream.broadcast.ended",
    "video.source.recorded",
)


def find_webhook(conn: Connection, webhook_id: str) -> dict[str, Any]:
    row = conn.execute(select(webhooks).where(webhooks.c.webhook_id == webhook_id)).mappings().first()
    if row is None:
        raise not_found("webhookId", webhook_id)
    return dict(row)


def list_webhooks(conn: Connection, event: str | None) -> list[dict[str, Any]]:
    """Oldest first (ties by id); with `event`, only the webhooks subscribed to it."""
    rows = as_dicts(conn.execute(select(webhooks)))
    if event is not None:
        rows = [row for row in rows if event in row["events"]]
    return sort_rows(rows, lambda row: row["created_at"], "webhook_id", descending=False)


def create_webhook(conn: Connection, body: dict[str, Any], now_ms: int) -> dict[str, Any]:
    """`body` is `{events: [...], url}` as the spec checked it; a name given twice is kept once."""
    row = {
        "webhook_id": new_id("webhook_"),
        "url": body["url"],
        "events": list(dict.fromkeys(body["events"])),
        "signature_secret": new_id("sig_sec_"),
        "created_at": now_ms,
    }
    conn.execute(webhooks.insert(), row)
    return row


def delete_webhook(conn: Connection, webhook_id: str) -> None:
    """The webhook goes; its delivery records stay, and those still to be retried stop."""
    find_webhook(conn, webhook_id)
    pending = deliveries.update().where(
        deliveries.c.webhook_id == webhook_id, deliveries.c.next_attempt_at.is_not(None)
    )
    conn.execute(pending.values(next_attempt_at=None, reason="the webhook was deleted"))
    conn.execute(delete(webhooks).where(webhooks.c.webhook_id == webhook_id))
