"""Who may use the control API: `/__admin` resets, seeds and replaces the whole store, so it
answers clients on this machine only, unless an admin token is configured for the others."""

from __future__ import annotations

import hmac
import ipaddress
import json

from starlette.types import ASGIApp, Receive, Scope, Send

from vidmock.http.errors import ApiError, problem_details, repeated_parameter


def is_local_peer(client: tuple[str, int] | None) -> bool:
    """True for a loopback peer (`127.0.0.0/8`, `::1`, `::ffff:127.x.x.x`) and for a peer that
    is no IP address at all: a Unix socket or an in-process caller (ASGI servers put the
    socket's address there for every TCP connection, so the network cannot pose as either)."""
    if not client:
        return True
    try:
        address = ipaddress.ip_address(client[0])
    except ValueError:
        return True
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def bearer_token(scope: Scope) -> str | None:
    """The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1), else None."""
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").strip().partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
            return None
    return None


def _authorization_lines(scope: Scope) -> int:
    return sum(1 for name, _ in scope.get("headers", ()) if name == b"authorization")


class AdminGuard:
    """Refuses `/__admin` to non-loopback clients with a 403 problem+json, before anything runs;
    with `token` set, a non-loopback client that sends it as a bearer token is let in."""

    def __init__(self, app: ASGIApp, prefix: str, token: str | None) -> None:
        self.app = app
        self.prefix = prefix.rstrip("/")
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self._guards(scope["path"]) and not self._admitted(scope):
            await self._refuse(send, self._refusal(scope))
            return
        await self.app(scope, receive, send)

    def _guards(self, path: str) -> bool:
        return path == self.prefix or path.startswith(self.prefix + "/")

    def _admitted(self, scope: Scope) -> bool:
        if is_local_peer(scope.get("client")):
            return True
        if _authorization_lines(scope) > 1:
            return False  # which of the tokens was meant is a guess
        sent = bearer_token(scope)
        # Compared in constant time: the token is the only thing between the network and a reset.
        return self.token is not None and sent is not None and hmac.compare_digest(sent, self.token)

    def _refusal(self, scope: Scope) -> ApiError:
        lines = _authorization_lines(scope)
        if self.token is not None and lines > 1:
            return repeated_parameter("header", "Authorization", lines, "it takes one value")
        if self.token is None:
            return ApiError(
                403,
                "The control API answers loopback clients only; start vidmock with --admin-token "
                "(or VIDMOCK_ADMIN_TOKEN) to let other hosts in with that bearer token",
            )
        return ApiError(
            403,
            "The control API needs 'Authorization: Bearer <admin token>' from a non-loopback client",
            parameter="Authorization",
            location="header",
        )

    async def _refuse(self, send: Send, error: ApiError) -> None:
        rendered = problem_details(error)
        body = json.dumps(rendered.body).encode()
        headers = [
            (b"content-type", rendered.media_type.encode()),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": rendered.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
