"""Request bodies bounded in size: past the limit, a 413 (RFC 9110 §15.5.14) and nothing done.

Every operation gets `Config.max_body_bytes`; an operation whose spec says
`x-vidmock-body-limit: upload` (the admin import of whole snapshots) gets
`Config.max_upload_bytes` instead. The bytes actually received are what count. A
`Content-Length` already over the limit is refused before anything reads the body, so a client
that sent `Expect: 100-continue` gets the 413 instead of `100 Continue` (RFC 9110 §10.1.1);
under it, the body is counted as whoever reads it reads it, and more bytes than the limit (a
`Content-Length` smaller than the body sent) are refused there. A body streamed without
`Content-Length` is read in full (up to the limit) before anything else sees the request, and
what follows sees a `Content-Length` equal to the bytes received (and no `Transfer-Encoding`).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vidmock.http.errors import ApiError


class BodyLimitMiddleware:
    """Holds the body to the operation's limit; raises `ApiError` 413 past it. Sits after
    Connexion's router (it needs the operation) and security (a 401 comes before the body is
    read), inside its exception middleware (the 413 is in the vendor's shape)."""

    def __init__(
        self, app: ASGIApp, max_body_bytes: int, max_upload_bytes: int, uploads: set[tuple[str, str]]
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_upload_bytes
        self.uploads = uploads

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope)
        declared = declared_length(scope)
        if declared is not None and declared > limit:
            raise _too_large(limit, f"Content-Length says {declared} bytes")
        if _header(scope, b"transfer-encoding") is None:
            # Framed by its Content-Length (or no body at all): counted as it is read, so the
            # checks of the request's head (security, parameters) still come before any read.
            await self.app(scope, _counted(receive, limit), send)
            return
        body = await _read_at_most(receive, limit)
        if body is None:
            return  # the client went away before sending all of it: there is no one to answer
        await self.app(_with_length(scope, len(body)), _replay(body, receive), send)

    def _limit(self, scope: Scope) -> int:
        routing = scope.get("extensions", {}).get("connexion_routing", {})
        operation = (routing.get("api_base_path"), routing.get("operation_id"))
        return self.max_upload_bytes if operation in self.uploads else self.max_body_bytes


def declared_length(scope: Scope) -> int | None:
    """The request's `Content-Length` in bytes; None when it has none (or not a number)."""
    value = _header(scope, b"content-length")
    return int(value) if value is not None and value.strip().isdigit() else None


def declares_body(scope: Scope) -> bool:
    """Whether the request says it carries a body: a `Content-Length` above 0, or any
    `Transfer-Encoding` (RFC 9112 §6.3)."""
    return bool(declared_length(scope)) or _header(scope, b"transfer-encoding") is not None


def _header(scope: Scope, name: bytes) -> bytes | None:
    return next((value for key, value in scope["headers"] if key.lower() == name), None)


def _counted(receive: Receive, limit: int) -> Receive:
    size = 0

    async def counted() -> Message:
        nonlocal size
        message = await receive()
        size += len(message.get("body", b""))
        if size > limit:
            raise _too_large(limit, f"more than {limit} bytes arrived")
        return message

    return counted


async def _read_at_most(receive: Receive, limit: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _too_large(limit, f"more than {limit} bytes arrived")
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _with_length(scope: Scope, length: int) -> Scope:
    # Connexion takes a body without `Content-Length` (a chunked one) for no body at all and
    # validates nothing; downstream sees the length of what actually arrived instead.
    framing = (b"content-length", b"transfer-encoding")
    headers = [(name, value) for name, value in scope["headers"] if name.lower() not in framing]
    return {**scope, "headers": [*headers, (b"content-length", str(length).encode())]}


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if sent:
            # After the body, only a disconnect can come; wait for it as the server would.
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


def _too_large(limit: int, what: str) -> ApiError:
    return ApiError(413, f"Request body too large: {what}; this operation accepts at most {limit} bytes")
