"""Several uvicorn servers (plain HTTP and HTTPS) over one app in one event loop: the same
process and so the same world, with the app's ASGI lifespan run once around them all."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Iterator, Sequence
from types import FrameType
from typing import Any

import uvicorn
from uvicorn.lifespan.on import LifespanOn


class _Listener(uvicorn.Server):
    """A server of a group: the group answers signals once for all its servers."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def serve_together(app: Any, configs: Sequence[dict[str, Any]]) -> None:
    """Serve `app` on every listener of `configs` (uvicorn.Config keyword arguments: `host`,
    `port`, `ssl_certfile`, `ssl_keyfile`...) until SIGINT or SIGTERM (a second SIGINT stops
    at once). The lifespan starts before any listener binds and ends after the last one
    stopped; if it fails to start, nothing is served and SystemExit(3) is raised."""
    servers = [_Listener(uvicorn.Config(app, lifespan="off", **config)) for config in configs]
    runner = asyncio.Runner(loop_factory=servers[0].config.get_loop_factory())

    def stop(sig: int, _frame: FrameType | None) -> None:
        for server in servers:
            if server.should_exit and sig == signal.SIGINT:
                server.force_exit = True
            server.should_exit = True

    handled = (signal.SIGINT, signal.SIGTERM)
    previous = {sig: signal.signal(sig, stop) for sig in handled}
    try:
        with runner:
            runner.run(_serve(servers))
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


async def _serve(servers: list[_Listener]) -> None:
    config = servers[0].config
    config.load()
    lifespan = LifespanOn(config)
    await lifespan.startup()
    if lifespan.should_exit:
        raise SystemExit(3)
    try:
        await asyncio.gather(*(server.serve() for server in servers))
    finally:
        await lifespan.shutdown()
