"""Swagger UI's files (`<api>/ui/swagger-ui.css` and the rest of `swagger_ui_bundle`), answered as
every file the mock serves is: validators, conditional requests, byte ranges
(`vidmock.http.served_files`). Connexion mounts Starlette's `StaticFiles` there, which refuses a
malformed `Range` with a 400 where RFC 9110 §14.2 lets it be ignored; this middleware answers
those paths first. Connexion still renders the page itself (`ui/`, `ui/index.html`)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send
from swagger_ui_bundle import swagger_ui_path

from vidmock.http.served_files import ServedFile, answer_or_raise, media_type_of

BUNDLE = Path(swagger_ui_path)
# Connexion renders these from its template: they are pages, not files.
RENDERED = frozenset({"index.html", "index.j2"})


class SwaggerAssets:
    """Serves the bundle's files under each of `ui_paths` (`/apivideo/ui`, `/__admin/docs`);
    everything else goes on to `app`. Inside the exception middleware: a 412 or 416 is an
    `ApiError` the owner of the path renders in its shape."""

    def __init__(self, app: ASGIApp, ui_paths: Iterable[str]) -> None:
        self.app = app
        self.prefixes = tuple(path.rstrip("/") + "/" for path in ui_paths)
        self.names = frozenset(entry.name for entry in BUNDLE.iterdir() if entry.is_file()) - RENDERED

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        name = self._asset(scope)
        if name is None:
            await self.app(scope, receive, send)
            return
        given = answer_or_raise(scope["method"], Headers(scope=scope), _bundle_file(name))
        response = Response(given.body, given.status, given.headers, media_type=given.media_type)
        await response(scope, receive, send)

    def _asset(self, scope: Scope) -> str | None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return None
        path = scope["path"]
        for prefix in self.prefixes:
            if path.startswith(prefix) and path[len(prefix) :] in self.names:
                return path[len(prefix) :]
        return None


@cache
def _bundle_file(name: str) -> ServedFile:
    """Read on first use: the bundle's source maps alone weigh megabytes."""
    return ServedFile((BUNDLE / name).read_bytes(), media_type_of(name))
