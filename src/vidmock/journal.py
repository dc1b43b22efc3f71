"""A bounded journal of the last requests, so a test can read back what an app sent."""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class Journal:
    def __init__(self, size: int) -> None:
        self._entries: deque[dict[str, Any]] = deque(maxlen=size)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def record(self, **entry: Any) -> None:
        with self._lock:
            self._entries.append({"id": next(self._ids), **entry})

    def entries(
        self,
        *,
        api: str | None = None,
        path: str | None = None,
        method: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Newest first, filtered by API key, path substring and method."""
        with self._lock:
            found = [
                e
                for e in reversed(self._entries)
                if (api is None or e["api"] == api)
                and (path is None or path in e["path"])
                and (method is None or e["method"] == method.upper())
            ]
        return found[:limit] if limit else found

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class JournalMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        journal: Journal,
        api_for_path: Callable[[str], str | None],
        clock_iso: Callable[[], str],
    ) -> None:
        self.app = app
        self.journal = journal
        self.api_for_path = api_for_path
        self.clock_iso = clock_iso

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def remember_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, remember_status)
        finally:
            path = scope["path"]
            self.journal.record(
                at=self.clock_iso(),
                api=self.api_for_path(path),
                method=scope["method"],
                path=path,
                query=scope.get("query_string", b"").decode("latin-1"),
                status=status,
                duration_ms=round((time.perf_counter() - started) * 1000, 3),
            )
