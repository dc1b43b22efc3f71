"""Scenario defaults for api.video webhooks: a scenario names at least `url`; `events` defaults
to every event api.video announces, ids and the signature secret come from the scenario's
random stream, `created_at` from a day before the clock."""

from __future__ import annotations

from typing import Any

from vidmock.apis.apivideo.ids import new_id
from vidmock.apis.apivideo.webhooks.domain import EVENTS

DAY_MS = 86_400_000


def complete_webhook(record: dict[str, Any], ctx) -> dict[str, Any]:
    record.setdefault("webhook_id", new_id("webhook_", ctx.rng))
    record.setdefault("events", list(EVENTS))
    record.setdefault("signature_secret", new_id("sig_sec_", ctx.rng))
    record.setdefault("created_at", ctx.now_ms - DAY_MS)
    return record
