"""Each vendor's work off the request path (api.video's webhook delivery) for every world
while it lives: the default world's from start-up to shut-down, a tenant's from when it needs
it until it is dropped.

A tenant needs it once one of the vendor's `background_tables` has rows (api.video: a webhook
subscription): when it is made so (a scenario's webhooks), or from the write that adds the first
row in this process, seen at the store's cursor. Polling every tenant's outbox twice a second
whether it has subscribers or not cost a core per 1 000 tenants."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from typing import Any

from sqlalchemy import event, select

from vidmock.storage.generations import WRITE_STATEMENT as _WRITE
from vidmock.vendor import VendorApi
from vidmock.world import DEFAULT_TENANT, World


class Background:
    """Entered with the server (the ASGI lifespan); `start` and `stop` may be called from any
    thread."""

    def __init__(self, apis: list[VendorApi]) -> None:
        self._apis = [api for api in apis if api.background is not None]
        self._running: dict[int, tuple[asyncio.Event, asyncio.Task]] = {}
        # Tenants whose work waits for a first row in a background table: their listeners.
        self._waiting: dict[int, tuple[Any, Any]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    async def __aenter__(self) -> Background:
        self._loop = asyncio.get_running_loop()
        return self

    async def __aexit__(self, *_exc: Any) -> None:
        running = list(self._running.values())
        self._running.clear()
        for stop, _task in running:
            stop.set()
        await asyncio.gather(*(task for _stop, task in running), return_exceptions=True)

    def start(self, world: World) -> None:
        if not self._apis or self._loop is None:
            return
        if world.tenant == DEFAULT_TENANT or self._needed(world):
            self._loop.call_soon_threadsafe(self._spawn, world)
            return
        tables = {table.name for api in self._apis for table in api.background_tables}
        loop = self._loop

        def on_write(_conn, _cursor, statement: str, *_rest: Any) -> None:
            written = _WRITE.match(statement)
            if written is not None and written.group(1).lower() in tables:
                loop.call_soon_threadsafe(self._spawn, world)

        event.listen(world.store.engine, "before_cursor_execute", on_write)
        self._waiting[id(world)] = (world.store.engine, on_write)

    def stop(self, world: World) -> None:
        waiting = self._waiting.pop(id(world), None)
        if waiting is not None:
            event.remove(waiting[0], "before_cursor_execute", waiting[1])
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._end, world)

    def is_running(self, world: World) -> bool:
        return id(world) in self._running

    def _needed(self, world: World) -> bool:
        with world.store.read() as conn:
            return any(
                conn.execute(select(table).limit(1)).first() is not None
                for api in self._apis
                for table in api.background_tables
            )

    def _spawn(self, world: World) -> None:
        if id(world) in self._running:
            return
        stop = asyncio.Event()
        task = asyncio.get_running_loop().create_task(self._run(world, stop), name=f"vidmock-{world.tenant}")
        self._running[id(world)] = (stop, task)

    def _end(self, world: World) -> None:
        found = self._running.pop(id(world), None)
        if found is not None:
            found[0].set()

    async def _run(self, world: World, stop: asyncio.Event) -> None:
        async with AsyncExitStack() as stack:
            for api in self._apis:
                assert api.background is not None
                await stack.enter_async_context(api.background(world))
            await stop.wait()
