"""Binds each request to the world of the tenant it names (vidmock.tenants.names).

`TenantMiddleware` is the outermost layer: it takes a `/t/NAME` prefix off the path (every
layer inside sees the path the APIs serve), finds or makes the tenant and makes its world
`current()`, so the journal, fault rules, handlers and dashboard all act on that tenant. A
request whose tenant cannot be had is bound to `default` and refused by `TenantRefusal`, placed
inside CORS and the admin guard, so a browser can read the refusal: a 400 for a bad name, a 503
at `--max-tenants`, in the shape of whoever owns the path (a vendor, or the control API)."""

from __future__ import annotations

import json
from urllib.parse import quote

from starlette.types import ASGIApp, Receive, Scope, Send

from vidmock.http.errors import ApiError, ErrorRouter
from vidmock.tenants.names import HEADER, select
from vidmock.tenants.registry import TenantLimit, Tenants, bind_tenants, unbind_tenants
from vidmock.world import serve_in

# Where a refusal waits for `TenantRefusal` (`scope["state"]`).
REFUSAL_STATE = "vidmock.tenant_refusal"


class TenantMiddleware:
    def __init__(self, app: ASGIApp, tenants: Tenants) -> None:
        self.app = app
        self.tenants = tenants

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = bind_tenants(self.tenants)
        try:
            await self._serve(scope, receive, send)
        finally:
            unbind_tenants(token)

    async def _serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await serve_in(self.tenants.default.world, self.app, scope, receive, send)
            return
        chosen = select(scope)
        refusal = chosen.refusal
        world = self.tenants.default.world
        if refusal is None:
            try:
                world = self.tenants.world(chosen.name)
            except TenantLimit as exc:
                refusal = ApiError(503, f"{HEADER}: {exc}", parameter=HEADER, location="header")
        if chosen.prefix:
            scope = {**scope, "path": chosen.path, "raw_path": _raw_path(scope, chosen.prefix)}
        state = scope.setdefault("state", {})
        if refusal is not None:
            state[REFUSAL_STATE] = refusal
        await serve_in(world, self.app, scope, receive, send)


class TenantRefusal:
    """Answers the refusal `TenantMiddleware` left, in the shape of the path's owner."""

    def __init__(self, app: ASGIApp, errors: ErrorRouter) -> None:
        self.app = app
        self.errors = errors

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        refusal = scope.get("state", {}).get(REFUSAL_STATE) if scope["type"] == "http" else None
        if refusal is None:
            await self.app(scope, receive, send)
            return
        rendered, headers = self.errors.rendered(scope["path"], refusal)
        body = json.dumps(rendered.body).encode()
        raw = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]
        raw += [(b"content-type", rendered.media_type.encode()), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": rendered.status, "headers": raw})
        await send({"type": "http.response.body", "body": body})


def _raw_path(scope: Scope, prefix: str) -> bytes:
    raw = scope.get("raw_path")
    encoded = prefix.encode("ascii", "replace")
    if isinstance(raw, bytes) and raw.startswith(encoded):
        return raw[len(encoded) :] or b"/"
    return quote(scope["path"]).encode("ascii")
