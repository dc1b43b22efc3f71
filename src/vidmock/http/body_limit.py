"""Request bodies bounded in size: past the limit, a 413 (RFC 9110 §15.5.14) and nothing done.

Every operation gets `Config.max_body_bytes`; an operation whose spec says
`x-vidmock-body-limit: upload` (the admin import of whole snapshots) gets
`Config.max_upload_bytes` instead. The body is read in full (up to the limit) before anything
else sees the request, so the bytes actually received are what count: a body streamed without
`Content-Length` is counted as it arrives, and a `Content-Length` smaller than the body sent
changes nothing. A `Content-Length` already over the limit is refused before reading. What
follows sees a `Content-Length` equal to the bytes received (and no `Transfer-Encoding`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vidmock.http.errors import ApiError

EXTENSION = "x-vidmock-body-limit"
UPLOAD = "upload"
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def upload_operations(specs: Iterable[tuple[str, Mapping[str, Any]]]) -> set[tuple[str, str]]:
    """(base path, operationId) of each operation marked `x-vidmock-body-limit: upload`, from
    (base path, spec) pairs; the same pair Connexion's router puts in the request scope."""
    found = set()
    for base_path, spec in specs:
        for item in spec.get("paths", {}).values():
            for method in _METHODS:
                operation = item.get(method)
                if operation and operation.get(EXTENSION) == UPLOAD:
                    found.add((base_path, operation["operationId"]))
    return found


class BodyLimitMiddleware:
    """Reads the body up to the operation's limit, then hands the request on with the body
    replayed; raises `ApiError` 413 past the limit. Sits after Connexion's router (it needs
    the operation) and inside its exception middleware (the 413 is in the vendor's shape)."""

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
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            raise _too_large(limit, f"Content-Length says {declared} bytes")
        body = await _read_at_most(receive, limit)
        if body is None:
            return  # the client went away before sending all of it: there is no one to answer
        await self.app(_with_length(scope, len(body)), _replay(body, receive), send)

    def _limit(self, scope: Scope) -> int:
        routing = scope.get("extensions", {}).get("connexion_routing", {})
        operation = (routing.get("api_base_path"), routing.get("operation_id"))
        return self.max_upload_bytes if operation in self.uploads else self.max_body_bytes


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name.lower() == b"content-length" and value.strip().isdigit():
            return int(value)
    return None


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
