"""Each API's Swagger UI and served spec: Connexion's middleware, with two changes.

Its files (`<api>/ui/swagger-ui.css` and the rest of `swagger_ui_bundle`) are answered as every
file the mock serves is: validators, conditional requests, byte ranges
(`vidmock.http.served_files`). Connexion mounts Starlette's `StaticFiles` there, which refuses a
malformed `Range` with a 400 where RFC 9110 §14.2 lets it be ignored. Connexion still renders
the page itself (`ui/`, `ui/index.html`).

Only the paths it can answer enter its router. Stock Connexion sends every request through it:
a regular expression per API and per UI route, before a vendor's request reaches its own
routing. Those paths are fixed once the APIs are added: each API's base path (where Starlette
redirects to the slash-ended form), its served spec (`openapi.json`, `openapi.yaml`) and its UI
(`ui`; the control API's is `docs`). Every other path goes straight on, as the router's default
would send it.

Inside the exception middleware: a 412 or 416 is an `ApiError` the owner of the path renders in
its shape.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from connexion.middleware.swagger_ui import SwaggerUIMiddleware
from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.routing import Mount
from starlette.types import Receive, Scope, Send
from swagger_ui_bundle import swagger_ui_path

from vidmock.http.served_files import ServedFile, answer_or_raise, media_type_of
from vidmock.specs.layers import route_path

BUNDLE = Path(swagger_ui_path)
# Connexion renders these from its template: they are pages, not files.
RENDERED = frozenset({"index.html", "index.j2"})


class SwaggerUi(SwaggerUIMiddleware):
    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self._names = frozenset(entry.name for entry in BUNDLE.iterdir() if entry.is_file()) - RENDERED
        self._exact: set[str] = set()
        self._ui: tuple[str, ...] = ()  # `/apivideo/ui/`, `/__admin/docs/`

    def add_api(self, *args: Any, **kwargs: Any) -> None:
        super().add_api(*args, **kwargs)
        mounted = self.router.routes[-1]  # the API's mount, just added
        base = mounted.path
        self._exact.add(base)
        for route in mounted.routes:
            if isinstance(route, Mount):
                self._ui += (f"{base}{route.path}/",)
            self._exact.add(f"{base}{route.path}".rstrip("/"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        path = route_path(scope)
        name = self._asset(scope["method"], path)
        if name is not None:
            given = answer_or_raise(scope["method"], Headers(scope=scope), _bundle_file(name))
            response = Response(given.body, given.status, given.headers, media_type=given.media_type)
            await response(scope, receive, send)
        elif self._answers(path):
            await super().__call__(scope, receive, send)
        else:
            await self.app(scope.copy(), receive, send)

    def _asset(self, method: str, path: str) -> str | None:
        if method not in ("GET", "HEAD"):
            return None
        for prefix in self._ui:
            if path.startswith(prefix) and path[len(prefix) :] in self._names:
                return path[len(prefix) :]
        return None

    def _answers(self, path: str) -> bool:
        # Starlette redirects a path that matches with its trailing slash toggled.
        path = path.rstrip("/")
        return path in self._exact or (path + "/").startswith(self._ui)


@cache
def _bundle_file(name: str) -> ServedFile:
    """Read on first use: the bundle's source maps alone weigh megabytes."""
    return ServedFile((BUNDLE / name).read_bytes(), media_type_of(name))
