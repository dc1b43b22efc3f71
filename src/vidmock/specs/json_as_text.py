"""JSON a browser sends as text, read as JSON where the vendor's own client sends it so.

`XMLHttpRequest.send(string)` labels the body `text/plain;charset=UTF-8` unless the script sets a
`Content-Type` (XHR standard §4.5.6), and some vendors' browser libraries send their JSON that
way: api.video's `@api.video/video-uploader` posts `{"refreshToken": ...}` to `/auth/refresh`
so. The vendor's server takes it; a mock refusing it with a 415 would break that library.

An operation whose spec says `x-vidmock-json-as-text: true` has a `text/plain` body relabelled
`application/json` (its charset kept) before Connexion validates it, so the spec's JSON schema,
the JSON body rules and the operation itself see it as the JSON it is: malformed text is the
same 400 as malformed JSON. Every other operation keeps its 415 for `text/plain`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from vidmock.http.media_types import parse_media_type
from vidmock.specs.documents import operations_with

EXTENSION = "x-vidmock-json-as-text"
_NAME = b"content-type"


def json_as_text_operations(specs: Iterable[tuple[str, Mapping[str, Any]]]) -> set[tuple[str, str]]:
    """`{(base path, operationId)}` of the operations that read a `text/plain` body as JSON."""
    return {key for key, value in operations_with(specs, EXTENSION).items() if value is True}


class JsonAsTextMiddleware:
    """Relabels a `text/plain` body `application/json` for the operations named. Sits after
    Connexion's router (it needs the operation) and before validation; the `Content-Type` is
    already canonical (`vidmock.http.content_type`)."""

    def __init__(self, app: ASGIApp, operations: set[tuple[str, str]]) -> None:
        self.app = app
        self.operations = operations

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.operations:
            routing = scope.get("extensions", {}).get("connexion_routing", {})
            if (routing.get("api_base_path"), routing.get("operation_id")) in self.operations:
                scope = {**scope, "headers": [_relabelled(name, value) for name, value in scope["headers"]]}
        await self.app(scope, receive, send)


def _relabelled(name: bytes, value: bytes) -> tuple[bytes, bytes]:
    if name.lower() != _NAME:
        return name, value
    media_type = parse_media_type(value.decode("latin-1"))
    if media_type.essence != "text/plain":
        return name, value
    return name, value.replace(b"text/plain", b"application/json", 1)
