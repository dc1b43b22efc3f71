"""The delivery record of api.video's webhook events, kept in the store.

An outbox event that falls due (`due_at` <= the clock) is handed out once (`fan_out`): one
delivery per webhook subscribed to its type that existed at `due_at`, first attempt due at
once. An attempt answered 1xx or 2xx delivers it; anything else (a 3xx, 4xx or 5xx, a refused
connection, a timeout) schedules the next attempt `RETRY_INTERVAL_MS` after that attempt began,
on the mock's clock, up to `MAX_ATTEMPTS` in all: api.video's guide ("Retries and failed
webhooks") says api.video retries a failed notification 3 times at 3 second intervals and never
retries a 1xx/2xx. Times are Unix milliseconds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select

from vidmock.apis.apivideo.webhooks.outbox import outbox
from vidmock.apis.apivideo.webhooks.tables import deliveries, relayed, webhooks
from vidmock.apis.apivideo.wire import iso_millis
from vidmock.storage.rows import as_dicts

RETRY_INTERVAL_MS = 3_000
MAX_ATTEMPTS = 4  # the first and three retries


@dataclass(frozen=True)
class Attempt:
    """One POST to make: the delivery it belongs to and what the receiver is sent."""

    delivery_id: int
    webhook_id: str
    url: str
    payload: dict[str, Any]
    secret: str


def fan_out(conn: Connection, now_ms: int) -> int:
    """Hand out every event due by `now_ms` not handed out yet; returns how many deliveries
    were created. A webhook created after an event fell due does not get it."""
    handed = select(relayed.c.event_id)
    due = conn.execute(
        select(outbox)
        .where(outbox.c.due_at <= now_ms, outbox.c.event_id.not_in(handed))
        .order_by(outbox.c.due_at, outbox.c.event_id)
    ).mappings()
    events = [dict(row) for row in due]
    if not events:
        return 0
    hooks = conn.execute(select(webhooks).order_by(webhooks.c.created_at, webhooks.c.webhook_id)).mappings()
    hooks = [dict(row) for row in hooks]
    rows = [
        {
            "event_id": event["event_id"],
            "webhook_id": hook["webhook_id"],
            "event_type": event["type"],
            "url": hook["url"],
            "payload": event["payload"],
            "due_at": event["due_at"],
            "attempts": [],
            "delivered": False,
            "next_attempt_at": event["due_at"],
            "reason": None,
        }
        for event in events
        for hook in hooks
        if event["type"] in hook["events"] and hook["created_at"] <= event["due_at"]
    ]
    if rows:
        conn.execute(insert(deliveries), rows)
    conn.execute(insert(relayed), [{"event_id": e["event_id"], "relayed_at": now_ms} for e in events])
    return len(rows)


def due_attempts(conn: Connection, now_ms: int, busy: set[int]) -> list[Attempt]:
    """The attempts due by `now_ms`, oldest first, leaving out the deliveries in `busy`."""
    statement = (
        select(deliveries, webhooks.c.signature_secret)
        .join(webhooks, webhooks.c.webhook_id == deliveries.c.webhook_id)
        .where(deliveries.c.next_attempt_at <= now_ms)
        .order_by(deliveries.c.next_attempt_at, deliveries.c.delivery_id)
    )
    return [
        Attempt(row["delivery_id"], row["webhook_id"], row["url"], row["payload"], row["signature_secret"])
        for row in conn.execute(statement).mappings()
        if row["delivery_id"] not in busy
    ]


def next_due(conn: Connection, after_ms: int) -> int | None:
    """The first instant after `after_ms` (Unix ms) at which an attempt or an outbox event
    falls due, or None when nothing is waiting."""
    attempt = select(func.min(deliveries.c.next_attempt_at)).where(deliveries.c.next_attempt_at > after_ms)
    event = select(func.min(outbox.c.due_at)).where(outbox.c.due_at > after_ms)
    instants = [conn.execute(attempt).scalar(), conn.execute(event).scalar()]
    return min((i for i in instants if i is not None), default=None)


def give_up(conn: Connection, delivery_id: int, reason: str) -> None:
    """Never attempted (or no longer): not delivered, for `reason`."""
    statement = deliveries.update().where(deliveries.c.delivery_id == delivery_id)
    conn.execute(statement.values(next_attempt_at=None, reason=reason))


def record_attempt(
    conn: Connection, delivery_id: int, at_ms: int, status: int | None, error: str | None
) -> None:
    """Add the attempt made at `at_ms` (answered `status`, or failed with `error`) and decide
    what follows: delivered, the next attempt, or no more."""
    row = conn.execute(select(deliveries).where(deliveries.c.delivery_id == delivery_id)).mappings().first()
    if row is None:  # the store was reset or replaced while the request was out
        return
    attempt: dict[str, Any] = {"at": iso_millis(at_ms)}
    if status is not None:
        attempt["status"] = status
    else:
        attempt["error"] = error
    attempts = [*row["attempts"], attempt]
    changes: dict[str, Any] = {"attempts": attempts, "next_attempt_at": None}
    if status is not None and status < 300:
        changes["delivered"] = True
    elif row["next_attempt_at"] is None:
        pass  # stopped while the request was out (the webhook was deleted): keep its reason
    elif len(attempts) >= MAX_ATTEMPTS:
        changes["reason"] = f"no 1xx or 2xx answer in {MAX_ATTEMPTS} attempts"
    else:
        changes["next_attempt_at"] = at_ms + RETRY_INTERVAL_MS
    conn.execute(deliveries.update().where(deliveries.c.delivery_id == delivery_id).values(**changes))


def list_deliveries(
    conn: Connection, webhook_id: str | None, event: str | None, delivered: bool | None
) -> list[dict[str, Any]]:
    """Every record matching the filters given, in the order they were created, with the
    signature secret of its webhook (None once the webhook is deleted)."""
    statement = (
        select(deliveries, webhooks.c.signature_secret)
        .outerjoin(webhooks, webhooks.c.webhook_id == deliveries.c.webhook_id)
        .order_by(deliveries.c.delivery_id)
    )
    if webhook_id is not None:
        statement = statement.where(deliveries.c.webhook_id == webhook_id)
    if event is not None:
        statement = statement.where(deliveries.c.event_type == event)
    if delivered is not None:
        statement = statement.where(deliveries.c.delivered == delivered)
    return as_dicts(conn.execute(statement))


def record(row: dict[str, Any]) -> dict[str, Any]:
    """The control API's `WebhookDelivery` (openapi/admin.yaml)."""
    return {
        "deliveryId": row["delivery_id"],
        "eventId": row["event_id"],
        "webhookId": row["webhook_id"],
        # The key of X-Api-Video-Signature: the 2021 Webhook has no field for it.
        "signatureSecret": row["signature_secret"],
        "event": row["event_type"],
        "url": row["url"],
        "payload": row["payload"],
        "dueAt": iso_millis(row["due_at"]),
        "attempts": list(row["attempts"]),
        "delivered": row["delivered"],
        "nextAttemptAt": None if row["next_attempt_at"] is None else iso_millis(row["next_attempt_at"]),
        "reason": row["reason"],
    }
