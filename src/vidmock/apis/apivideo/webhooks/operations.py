"""Connexion operations of api.video's webhooks (`/webhooks`, `/webhooks/{webhookId}`)."""

from __future__ import annotations

from typing import Any

from vidmock.apis.apivideo import wire
from vidmock.apis.apivideo.request_parts import now_ms, page_of
from vidmock.apis.apivideo.webhooks import domain as subscriptions
from vidmock.world import current


def webhook(row: dict[str, Any]) -> dict[str, Any]:
    """api.video's `Webhook` of 2021. Its later API adds `signatureSecret`, which the 2021
    clients refuse as an unknown attribute: the secret is read in the control API instead."""
    return {
        "webhookId": row["webhook_id"],
        "createdAt": wire.iso_millis(row["created_at"]),
        "events": list(row["events"]),
        "url": row["url"],
    }


async def list_webhooks(events: str | None = None, currentPage: int = 1, pageSize: int = 25) -> dict:
    with current().store.read() as conn:
        rows = subscriptions.list_webhooks(conn, events)
    page, shown = page_of(rows, currentPage, pageSize)
    return wire.listing([webhook(row) for row in shown], page)


async def create_webhook(body: dict) -> tuple[dict, int]:
    with current().store.begin() as conn:
        return webhook(subscriptions.create_webhook(conn, body, now_ms())), 201


async def get_webhook(webhookId: str) -> dict:
    with current().store.read() as conn:
        return webhook(subscriptions.find_webhook(conn, webhookId))


async def delete_webhook(webhookId: str) -> tuple[None, int]:
    with current().store.begin() as conn:
        subscriptions.delete_webhook(conn, webhookId)
    return None, 204
