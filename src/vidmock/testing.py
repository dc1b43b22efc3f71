"""The mock inside a test process: in-process (ASGI, no sockets) or served on a free loopback
port, with a client per vendor that already carries the development credentials, and the
request journal. The `vidmock` pytest fixture (vidmock.pytest_plugin) hands one to a test."""

from __future__ import annotations

import asyncio
import itertools
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import httpx

from vidmock.apis import base_urls, find_api
from vidmock.app import create_app
from vidmock.config import Config
from vidmock.contract.profiles import profile, profiles
from vidmock.faults.connection import ConnectionDropped
from vidmock.http.server import UVICORN
from vidmock.storage.heap import freeze_startup_heap, pause_collector_for_startup, resume_collector
from vidmock.tenants.names import HEADER as TENANT_HEADER
from vidmock.tenants.templates import TenantOptions
from vidmock.world import DEFAULT_TENANT


@contextmanager
def serving(
    app: Any, timeout: float = 20.0, ssl_certfile: str | None = None, ssl_keyfile: str | None = None
) -> Iterator[str]:
    """Serve `app` on 127.0.0.1 (a port the OS picks) in a thread; yield its base URL
    (`https://` when given a PEM certificate and its key)."""
    import uvicorn  # here: most sessions run in-process

    tls = {"ssl_certfile": ssl_certfile, "ssl_keyfile": ssl_keyfile}
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, lifespan="off", **UVICORN, **tls))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the vidmock server did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"{'https' if ssl_certfile else 'http'}://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)


class InProcess(httpx.BaseTransport):
    """An httpx transport that hands each request to an ASGI app in this process, on one event
    loop that lives in a daemon thread (so it never holds the interpreter at its exit). A request
    is one hop to that loop and back; Starlette's TestClient starts a loop for each request and
    hops for every ASGI message, 4 ms a request. The app's exceptions reach the caller; a
    connection a fault rule drops is httpx's `RemoteProtocolError`, as from a served mock."""

    _loop: asyncio.AbstractEventLoop | None = None
    _starting = threading.Lock()

    def __init__(self, app: Any) -> None:
        self._asgi = httpx.ASGITransport(app=app, client=("testclient", 50000))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()  # the body as bytes, which the loop's side reads as a stream too
        answer = asyncio.run_coroutine_threadsafe(self._answer(request), self._running_loop())
        try:
            return answer.result()
        except ConnectionDropped as dropped:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            ) from dropped

    async def _answer(self, request: httpx.Request) -> httpx.Response:
        response = await self._asgi.handle_async_request(request)
        content = await response.aread()
        return httpx.Response(response.status_code, headers=response.headers, content=content)

    @classmethod
    def _running_loop(cls) -> asyncio.AbstractEventLoop:
        with cls._starting:
            if cls._loop is None:
                cls._loop = asyncio.new_event_loop()
                threading.Thread(target=cls._loop.run_forever, name="vidmock-in-process", daemon=True).start()
        return cls._loop


class Mock:
    """One running mock, or one tenant of it (vidmock.tenants). `client(key)` talks to one
    vendor's API at its base URL (the one the banner prints, e.g. `<root>/ibm-analytics/v1`), so
    paths are the spec's own (`/views`). A tenant's clients name it: in-process with the header
    `Vidmock-Tenant`, served with its path prefix (`url` is `http://127.0.0.1:PORT/t/NAME`)."""

    def __init__(self, app: Any, url: str | None, tenant: str = DEFAULT_TENANT) -> None:
        self.app = app
        self.url = url  # None when in-process
        self.tenant = tenant
        self._clients: dict[str, httpx.Client] = {}

    @property
    def root(self) -> str:
        """Where the mock is served (`http://testserver` in-process); a vendor's other mounts,
        like IBM's OAuth server, are `<root>/<key>/...` (e.g. `<root>/ibm-analytics/oauth2/token`)."""
        return self.url or "http://testserver"

    @property
    def world(self) -> Any:
        """The tenant's world (store, clock, journal, faults: vidmock.world.World)."""
        return self.app.tenants.world(self.tenant)

    @property
    def journal(self) -> Any:
        return self.world.journal

    def base_url(self, key: str) -> str:
        """The base URL of vendor `key`'s API (see vidmock.apis.base_urls), bare when served alone."""
        alone = self.app is not None and self.app.world.config.api is not None
        return base_urls.base_url(find_api(key), self.root, alone)

    def requests(self, **filters: Any) -> list[dict[str, Any]]:
        """Journal entries, newest first, that match every filter given (all optional): `api`,
        `method`, `path` (a substring), `operation_id` (the spec's operationId), `status`
        (`404` or `"4xx"`), `since` (an entry id, exclusive), `body` (`{json pointer: value}`,
        each equal as JSON in the request body; a form is an object of strings), `body_contains`
        (a substring of the request body as sent), `limit`. A filter that cannot be used is a
        ValueError naming it. Entry shape: `GET /__admin/requests` in `openapi/admin.yaml`."""
        return self.journal.entries(**filters)

    def count(self, **filters: Any) -> int:
        """How many entries match the filters of `requests()` (`limit` aside)."""
        return self.journal.count(**filters)

    def clear_requests(self) -> int:
        """Empties the journal (ids go on counting); answers how many entries went."""
        return self.journal.clear()

    def client(self, key: str) -> httpx.Client:
        """An httpx client rooted at `base_url(key)` that already sends the dev credentials."""
        if key not in self._clients:
            headers = dict(profile(key).module.DEV_HEADERS)
            if self.url is None:
                if self.tenant != DEFAULT_TENANT:
                    headers[TENANT_HEADER] = self.tenant
                self._clients[key] = httpx.Client(
                    transport=InProcess(self.app),
                    base_url=self.base_url(key),
                    headers=headers,
                    follow_redirects=True,
                )
            else:
                self._clients[key] = httpx.Client(base_url=self.base_url(key), headers=headers, timeout=30)
        return self._clients[key]

    @property
    def clients(self) -> dict[str, httpx.Client]:
        return {p.key: self.client(p.key) for p in profiles()}

    def close(self) -> None:
        for client in self._clients.values():
            client.close()


class Session:
    """One mock for a whole test session (the `vidmock` fixture's; one per xdist worker), made
    on first use, and a new tenant of it for each test: making a tenant copies a seeded world
    in about a millisecond, where building a mock takes most of a second."""

    def __init__(self) -> None:
        self._app: Any = None
        self._live: Any = None
        self._url: str | None = None
        self._names = itertools.count(1)

    @contextmanager
    def tenant(
        self,
        *,
        seed: int = 1,
        size: str = "small",
        now: datetime | None = None,
        live: bool = False,
        scenario: str | None = None,
        **config: Any,
    ) -> Iterator[Mock]:
        """A new tenant of the session's mock, dropped when the block ends; served on a free
        loopback port with `live=True`. Any other `Config` field needs a mock of its own: then
        it is `running(...)`'s fresh mock."""
        if config:
            with running(seed=seed, size=size, now=now, live=live, scenario=scenario, **config) as mock:
                yield mock
            return
        app = self._mock()
        name = f"test-{os.getpid()}-{next(self._names)}"
        app.tenants.put(name, TenantOptions(seed, size, scenario, now))  # type: ignore[arg-type]
        url = f"{self._served()}/t/{name}" if live else None
        mock = Mock(app, url, tenant=name)
        try:
            yield mock
        finally:
            mock.close()
            app.tenants.drop(name)

    def close(self) -> None:
        if self._live is not None:
            self._live.__exit__(None, None, None)
            self._live = None
        if self._app is not None:
            self._app.tenants.close()
            self._app.world.store.dispose()

    def _mock(self) -> Any:
        if self._app is None:
            # The mock lives as long as the test process, like a server's: built with the
            # collector paused (storage.heap), then kept out of its passes. 40 tests ran 0.3 s
            # sooner for the freeze (bench/tenants.py), most of it the passes at the process's
            # exit.
            pause_collector_for_startup()
            try:
                self._app = create_app(Config())
            except BaseException:
                resume_collector()
                raise
            freeze_startup_heap()
        return self._app

    def _served(self) -> str:
        if self._url is None:
            self._live = serving(self._mock())
            self._url = self._live.__enter__()
        return self._url


@contextmanager
def running(
    *,
    seed: int = 1,
    size: str = "small",
    now: datetime | None = None,
    live: bool = False,
    scenario: str | None = None,
    **config: Any,
) -> Iterator[Mock]:
    """A fresh mock for one test; `live=True` serves it on a free loopback port."""
    app = create_app(Config(seed=seed, size=size, now=now, scenario=scenario, **config))
    if not live:
        mock = Mock(app, None)
        try:
            yield mock
        finally:
            mock.close()
        return
    with serving(app) as url:
        mock = Mock(app, url)
        try:
            yield mock
        finally:
            mock.close()
