"""Delivery of due webhook events, off the request path: `deliver_due` does one round (hand out
what fell due, make every attempt that is due, record the answers); `running` repeats it in the
server's event loop while the app is up (the ASGI lifespan of `vidmock serve`).

Store work happens in the event loop's thread between awaits, as in every handler, so the
rounds never share the store's connection with a request; only the HTTP calls are awaited.
Attempts under way are claimed in the store (vidmock.apis.apivideo.webhooks.claims): a round started
meanwhile, in this process or another worker, leaves them alone, so no notification is sent twice."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from vidmock.apis.apivideo.webhooks import claims, deliveries, sender
from vidmock.world import World

POLL_INTERVAL_S = 0.5
_log = logging.getLogger(__name__)


async def deliver_due(world: World) -> list[int]:
    """One round; returns the ids of the deliveries attempted or given up in it."""
    world.sync()
    now = world.clock.millis()
    allowed = world.config.webhook_allow_hosts
    with world.store.begin() as conn:
        deliveries.fan_out(conn, now)
        due = deliveries.due_attempts(conn, now, claims.claimed(conn))
        calls = []
        for attempt in due:
            reason = sender.refusal(attempt.url, allowed)
            if reason is None:
                calls.append(attempt)
            else:
                deliveries.give_up(conn, attempt.delivery_id, reason)
        claims.claim(conn, (a.delivery_id for a in calls))
    recorded = False
    try:
        if calls:
            async with sender.new_client() as client:
                answers = await asyncio.gather(
                    *(sender.send(client, a.url, a.payload, a.webhook_id, a.secret) for a in calls)
                )
            with world.store.begin() as conn:
                for attempt, (status, error) in zip(calls, answers, strict=True):
                    deliveries.record_attempt(conn, attempt.delivery_id, now, status, error)
                claims.release(conn, (a.delivery_id for a in calls))
            recorded = True
    finally:
        if calls and not recorded:
            with world.store.begin() as conn:
                claims.release(conn, (a.delivery_id for a in calls))
    return [attempt.delivery_id for attempt in due]


def deliver_due_now(world: World) -> list[int]:
    """`deliver_due` from synchronous code (a test, with no request under way)."""
    return asyncio.run(deliver_due(world))


@asynccontextmanager
async def running(world: World) -> AsyncIterator[None]:
    """Deliver in the background while the block runs; stopped (and awaited) when it ends."""
    task = asyncio.create_task(_loop(world), name="apivideo-webhook-delivery")
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


async def _loop(world: World) -> None:
    while True:
        try:
            await deliver_due(world)
        except Exception:  # a bad round must not end delivery for the life of the server
            _log.exception("webhook delivery round failed")
        await asyncio.sleep(POLL_INTERVAL_S)
