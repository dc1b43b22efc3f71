"""Refusals a request's head decides, given before anything reads its body.

A client that sends `Expect: 100-continue` waits for `100 Continue` before it sends the body,
and takes a final status in its place as the refusal (RFC 9110 §10.1.1); uvicorn sends the
`100 Continue` when the app first reads the body. So every refusal the head decides comes
before that read: Connexion's security (401), the operation's head check below (an unknown
video: 404), the body limit's check of a declared `Content-Length` (413, `body_limit`), the
parameters' and media type's validation (400, 415); only then is the body read and judged.

An operation whose spec says `x-vidmock-head-check: <module>.<function>` has that function
called with the request's path and query parameters, by name, as text (a query parameter given
twice: its last value), before its body is read. It raises `ApiError` to refuse, and changes
nothing: the operation itself judges again, in its own transaction, once the body is in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from connexion.utils import get_function_from_name
from starlette.datastructures import QueryParams
from starlette.types import ASGIApp, Receive, Scope, Send

from vidmock.specs.documents import operations_with

EXTENSION = "x-vidmock-head-check"
HeadCheck = Callable[..., None]


def head_checks(specs: Iterable[tuple[str, Mapping[str, Any]]]) -> dict[tuple[str, str], HeadCheck]:
    """`{(base path, operationId): check}` of the operations of (base path, spec) pairs that
    name a head check, each check imported once, at start-up."""
    return {key: get_function_from_name(name) for key, name in operations_with(specs, EXTENSION).items()}


class HeadCheckMiddleware:
    """Runs the operation's head check, if it has one. Sits after Connexion's router (it needs
    the operation) and security (an unauthenticated client learns nothing of what exists), and
    before anything reads the body."""

    def __init__(self, app: ASGIApp, checks: dict[tuple[str, str], HeadCheck]) -> None:
        self.app = app
        self.checks = checks

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.checks:
            routing = scope.get("extensions", {}).get("connexion_routing", {})
            check = self.checks.get((routing.get("api_base_path"), routing.get("operation_id")))
            if check is not None:
                query = QueryParams(scope.get("query_string", b""))
                check(**{**dict(query), **scope.get("path_params", {})})
        await self.app(scope, receive, send)
