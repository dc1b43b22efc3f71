"""Each path a spec describes answers the methods its spec declares there, and no other.

The routers add methods of their own: Starlette answers HEAD on every GET route by running the
GET's handler, effects included (a Nomad beacon was recorded by a HEAD no spec declared, so no
contract test saw it), and Flask adds HEAD and OPTIONS to every dashboard page. This middleware
refuses such a method before anything runs: a 405 in the owner's error shape whose `Allow`
lists what the spec declares (RFC 9110 §15.5.6). Every other method on a vendor or control API
path is already routed per declared operation, so only HEAD (anywhere) and the dashboard's
requests are looked at; the rest pass straight through. Paths no spec describes (the served
specs and Swagger UI, unknown paths) are left to their routers.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from vidmock.http.errors import ApiError, ErrorRouter


class DeclaredMethodsOnly:
    """Refuses HEAD where no spec declares it, and any undeclared method under `every_method_under`
    (prefixes served by something other than Connexion's per-operation routes)."""

    def __init__(self, app: ASGIApp, errors: ErrorRouter, every_method_under: tuple[str, ...]) -> None:
        self.app = app
        self.errors = errors
        self.every_method_under = tuple(prefix.rstrip("/") for prefix in every_method_under)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self._looked_at(scope["method"], scope["path"]):
            allow = self.errors.allow_for(scope["path"])
            if allow is not None and scope["method"] not in allow.split(", "):
                error = ApiError(
                    405, f"Method {scope['method']} is not allowed here; the spec declares {allow}"
                )
                answer = self.errors.handle(Request(scope), error)
                response = Response(
                    answer.body, answer.status_code, dict(answer.headers or {}), answer.content_type
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _looked_at(self, method: str, path: str) -> bool:
        if method == "HEAD":
            return True
        return any(path == prefix or path.startswith(prefix + "/") for prefix in self.every_method_under)
