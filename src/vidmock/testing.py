"""The mock inside a test process: in-process (ASGI, no sockets) or served on a free loopback
port, with a client per vendor that already carries the development credentials, and the
request journal. The `vidmock` pytest fixture (vidmock.pytest_plugin) hands one to a test."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import httpx
import uvicorn
from starlette.testclient import TestClient

from vidmock.apis import base_urls, find_api
from vidmock.app import create_app
from vidmock.config import Config
from vidmock.contract.profiles import profile, profiles


@contextmanager
def serving(
    app: Any, timeout: float = 20.0, ssl_certfile: str | None = None, ssl_keyfile: str | None = None
) -> Iterator[str]:
    """Serve `app` on 127.0.0.1 (a port the OS picks) in a thread; yield its base URL
    (`https://` when given a PEM certificate and its key)."""
    tls = {"ssl_certfile": ssl_certfile, "ssl_keyfile": ssl_keyfile}
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off", **tls)
    )
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


class Mock:
    """One running mock. `client(key)` talks to one vendor's API at its base URL (the one the
    banner prints, e.g. `<root>/ibm-analytics/v1`), so paths are the spec's own (`/views`)."""

    def __init__(self, app: Any, url: str | None) -> None:
        self.app = app
        self.url = url  # None when in-process
        self._clients: dict[str, httpx.Client] = {}

    @property
    def root(self) -> str:
        """Where the mock is served (`http://testserver` in-process); a vendor's other mounts,
        like IBM's OAuth server, are `<root>/<key>/...` (e.g. `<root>/ibm-analytics/oauth2/token`)."""
        return self.url or "http://testserver"

    @property
    def world(self) -> Any:
        return self.app.world

    @property
    def journal(self) -> Any:
        return self.app.world.journal

    def base_url(self, key: str) -> str:
        """The base URL of vendor `key`'s API (see vidmock.apis.base_urls), bare when served alone."""
        alone = self.app is not None and self.app.world.config.api is not None
        return base_urls.base_url(find_api(key), self.root, alone)

    def requests(self, **filters: Any) -> list[dict[str, Any]]:
        """Journal entries, newest first, that match every filter given (all optional): `api`,
        `method`, `path` (a substring), `operation_id` (whole or its last dotted part), `status`
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
                self._clients[key] = TestClient(self.app, base_url=self.base_url(key), headers=headers)
            else:
                self._clients[key] = httpx.Client(base_url=self.base_url(key), headers=headers, timeout=30)
        return self._clients[key]

    @property
    def clients(self) -> dict[str, httpx.Client]:
        return {p.key: self.client(p.key) for p in profiles()}

    def close(self) -> None:
        for client in self._clients.values():
            client.close()


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
