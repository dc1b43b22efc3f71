"""Delivery of due webhook events, off the request path, each subscription's on its own.

`deliver_due` does one round: hand out what fell due, claim every attempt that is due, make
them side by side and record each the moment its answer (or error, or timeout) comes.
`running` keeps starting the attempts that fall due while the app is up (the ASGI lifespan of
`vidmock serve`) without waiting for those still out: a receiver that takes its time holds up
its own delivery only, never another subscription's attempt nor the schedule, and an attempt
waits `Config.webhook_timeout` seconds for its answer at most. The loop wakes when the next
attempt or event falls due on the mock's clock (every `POLL_INTERVAL_S` at the latest, for
what requests and other workers add), so retries go out 3 s apart on a running clock too.

Store work happens in the event loop's thread between awaits, as in every handler, so the
attempts never share the store's connection with a request; only the HTTP calls are awaited.
Attempts under way are claimed in the store (vidmock.apis.apivideo.webhooks.claims): a round started
meanwhile, in this process or another worker, leaves them alone, so no notification is sent
twice and a delivery has one request out at a time."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager, suppress
from typing import TYPE_CHECKING

from vidmock.apis.apivideo.webhooks import claims, deliveries, sender
from vidmock.world import World

if TYPE_CHECKING:
    import httpx

POLL_INTERVAL_S = 0.5
_log = logging.getLogger(__name__)


async def deliver_due(world: World) -> list[int]:
    """One round: returns the ids of the deliveries attempted or given up in it, once every
    attempt it made is recorded."""
    now, due, calls = _claim_due(world)
    if calls:
        async with sender.new_client() as client:
            await asyncio.gather(*(_attempt(world, client, attempt, now) for attempt in calls))
    return [attempt.delivery_id for attempt in due]


def deliver_due_now(world: World) -> list[int]:
    """`deliver_due` from synchronous code (a test, with no request under way)."""
    return asyncio.run(deliver_due(world))


@asynccontextmanager
async def running(world: World) -> AsyncIterator[None]:
    """Deliver in the background while the block runs; stopped when it ends, with the attempts
    still out abandoned (their claims released, so the next run makes them again)."""
    out: set[asyncio.Task] = set()
    client = _OnFirstAttempt()
    task = asyncio.create_task(_loop(world, client, out), name="apivideo-webhook-delivery")
    try:
        yield
    finally:
        task.cancel()
        for attempt in list(out):
            attempt.cancel()
        with suppress(asyncio.CancelledError):
            await task
        await asyncio.gather(*out, return_exceptions=True)
        await client.aclose()


class _OnFirstAttempt:
    """The loop's HTTP client, made when its first attempt goes out: making one loads the CA
    bundle, a tenth of a second of every start-up of a mock that may never have a subscriber."""

    def __init__(self) -> None:
        self._client: httpx.AsyncClient | None = None

    def get(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = sender.new_client()
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()


async def _loop(world: World, client: _OnFirstAttempt, out: set[asyncio.Task]) -> None:
    while True:
        wait = POLL_INTERVAL_S
        try:
            now, _due, calls = _claim_due(world)
            for attempt in calls:
                started = asyncio.create_task(_logged(_attempt(world, client.get(), attempt, now)))
                out.add(started)
                started.add_done_callback(out.discard)
            wait = _until_next(world, now)
        except Exception:  # a bad round must not end delivery for the life of the server
            _log.exception("webhook delivery round failed")
        await asyncio.sleep(wait)


def _claim_due(world: World) -> tuple[int, list[deliveries.Attempt], list[deliveries.Attempt]]:
    """The clock's now (Unix ms), the attempts due (none claimed elsewhere), and those of them
    to make, claimed in the same transaction; the others (hosts not allowed) are given up."""
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
    return now, due, calls


async def _attempt(world: World, client: httpx.AsyncClient, attempt: deliveries.Attempt, at_ms: int) -> None:
    """Make one claimed attempt, begun at `at_ms` on the mock's clock: record its outcome and
    release its claim (released unrecorded when it is abandoned)."""
    recorded = False
    try:
        status, error = await sender.send(
            client,
            attempt.url,
            attempt.payload,
            attempt.webhook_id,
            attempt.secret,
            world.config.webhook_timeout,
        )
        with world.store.begin() as conn:
            deliveries.record_attempt(conn, attempt.delivery_id, at_ms, status, error)
            claims.release(conn, [attempt.delivery_id])
        recorded = True
    finally:
        if not recorded:
            with world.store.begin() as conn:
                claims.release(conn, [attempt.delivery_id])


async def _logged(attempt: Awaitable[None]) -> None:
    try:
        await attempt
    except Exception:  # one attempt's failure must not pass unnoticed, nor stop the others
        _log.exception("webhook delivery attempt failed")


def _until_next(world: World, now_ms: int) -> float:
    """Seconds to sleep: until the next attempt or event falls due on a running clock, at most
    POLL_INTERVAL_S (a frozen clock moves only when told, and requests add events any time)."""
    if world.clock.frozen:
        return POLL_INTERVAL_S
    with world.store.begin() as conn:
        upcoming = deliveries.next_due(conn, now_ms)
    if upcoming is None:
        return POLL_INTERVAL_S
    return min(POLL_INTERVAL_S, max(0.0, (upcoming - world.clock.millis()) / 1000))
