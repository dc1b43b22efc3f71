"""Applies fault rules and latency to vendor requests (never to the control API).

Placed after Connexion's routing (`MiddlewarePosition.BEFORE_SECURITY`), so a rule can match
the operationId and path template. When no rule and no latency is set the request passes
straight through; when rules exist but none matches, nothing sleeps and no random number is
drawn. The id of the rule that fired is left in `scope["state"]["vidmock.fault"]` (`"latency"`
when only latency was added) and the latency added in `scope["state"]["vidmock.latency_ms"]`,
for the request journal.
"""

from __future__ import annotations

import json
from asyncio import iscoroutine, sleep
from collections.abc import Callable
from urllib.parse import parse_qs

from connexion import http_facts
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vidmock.faults.book import FaultBook, Firing, RequestFacts
from vidmock.faults.connection import drop
from vidmock.faults.forced import Forced, forced_error, forced_request, send_forced
from vidmock.faults.routes import RouteTable
from vidmock.http.errors import ApiError

FAULT_STATE = "vidmock.fault"
LATENCY_STATE = "vidmock.latency_ms"
# Dribbled bodies go out in about ten pieces a second.
DRIBBLE_TICKS = 10

ErrorResponder = Callable[[Request, Exception], object]


class FaultMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        book: Callable[[], FaultBook],
        routes: RouteTable,
        admin_prefix: str,
        render_error: ErrorResponder,
    ) -> None:
        self.app = app
        # The fault book of the request's world (each tenant has its own).
        self.book = book
        self.routes = routes
        self.admin_prefix = admin_prefix.rstrip("/")
        self.render_error = render_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        book = self.book()
        if scope["type"] != "http" or not book.active:
            await self.app(scope, receive, send)
            return
        facts = self._facts(scope)
        if facts is None:
            await self.app(scope, receive, send)
            return
        firing = book.take(facts)
        latency = book.draw_latency()
        if firing is not None or latency:
            state = scope.setdefault("state", {})
            state[FAULT_STATE] = firing.rule_id if firing else "latency"
            if latency:
                state[LATENCY_STATE] = round(latency * 1000, 3)
        if latency:
            await sleep(latency)
        if firing is None:
            await self.app(scope, receive, send)
        elif firing.rule.when == "before":
            await self._before(firing, scope, receive, send)
        else:
            await self._after(firing, scope, receive, send)

    def _facts(self, scope: Scope) -> RequestFacts | None:
        path = scope["path"]
        if path == self.admin_prefix or path.startswith(self.admin_prefix + "/"):
            return None
        owner = self.routes.api_of(path)
        if owner is None:
            return None
        api, prefix = owner
        route = self.routes.route_of(scope)
        return RequestFacts(
            api=api,
            method=scope["method"],
            template=route.template if route else None,
            path=path[len(prefix) :] or "/",
            operation_id=route.operation_id if route else None,
            headers={k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]},
            query=parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True),
        )

    async def _before(self, firing: Firing, scope: Scope, receive: Receive, send: Send) -> None:
        if not await _interrupt(firing, scope, self.routes, send):
            await self.app(scope, receive, send)

    async def _after(self, firing: Firing, scope: Scope, receive: Receive, send: Send) -> None:
        """The operation runs (its writes commit), then its answer is held, replaced or lost."""
        messages: list[Message] = []

        async def keep(message: Message) -> None:
            messages.append(message)

        failure: Exception | None = None
        try:
            await self.app(scope, receive, keep)
        except Exception as exc:  # the operation's own refusal is its answer
            failure = exc
        if await _interrupt(firing, scope, self.routes, send):
            return
        outcome = firing.rule.outcome
        if failure is not None:
            if outcome is None:
                raise failure
            messages = await _as_messages(self.render_error(Request(scope), failure))
        start, body = _split(messages)
        if outcome == "malformed":
            await _send_whole(send, start, body[: len(body) // 2])
        elif outcome == "dribble":
            await _dribble(send, start, body, firing.rule.dribble or 1)
        else:
            for message in messages:
                await send(message)


async def _interrupt(firing: Firing, scope: Scope, routes: RouteTable, send: Send) -> bool:
    """The rule's delay, then its status (raised, rendered in the vendor's shape, or sent whole)
    or its drop; True when the answer is settled (dropped, or sent), False when it is still to be sent."""
    if firing.delay:
        await sleep(firing.delay)
    if firing.rule.outcome == "status":
        answer = _status_error(firing, scope, routes)
        if isinstance(answer, ApiError):
            raise answer
        await send_forced(send, answer)
        return True
    if firing.rule.outcome == "drop":
        await drop(scope)
        return True
    return False


def _status_error(firing: Firing, scope: Scope, routes: RouteTable) -> ApiError | Forced:
    """The operation's real error of the rule's status, built by its vendor (vidmock.faults.forced)."""
    status = firing.rule.status or 500
    title = http_facts.HTTP_STATUS_CODES.get(status, "Error")
    reason = f"{title} (vidmock fault rule {firing.rule_id})"
    route = routes.route_of(scope)
    return forced_error(forced_request(scope, route, status, reason, firing.rule.retry_after))


def _split(messages: list[Message]) -> tuple[Message, bytes]:
    start = next(m for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return start, body


def _with_length(start: Message, length: int) -> Message:
    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
    return {**start, "headers": [*headers, (b"content-length", str(length).encode())]}


async def _send_whole(send: Send, start: Message, body: bytes) -> None:
    await send(_with_length(start, len(body)))
    await send({"type": "http.response.body", "body": body, "more_body": False})


async def _dribble(send: Send, start: Message, body: bytes, rate: int) -> None:
    """The body at `rate` bytes per second, in pieces of about a tenth of a second's worth."""
    await send(_with_length(start, len(body)))
    piece = max(1, rate // DRIBBLE_TICKS)
    for offset in range(0, len(body), piece):
        chunk = body[offset : offset + piece]
        await sleep(len(chunk) / rate)
        await send({"type": "http.response.body", "body": chunk, "more_body": True})
    await send({"type": "http.response.body", "body": b"", "more_body": False})


async def _as_messages(response: object) -> list[Message]:
    """A Connexion/Starlette response (what the error handler returns) as ASGI messages."""
    if iscoroutine(response):
        response = await response
    status = getattr(response, "status_code", 500)
    body = getattr(response, "body", b"")
    if isinstance(body, str):
        body = body.encode()
    elif not isinstance(body, bytes):
        body = json.dumps(body).encode()
    headers = [(b"content-type", str(getattr(response, "content_type", "application/json")).encode())]
    for name, value in (getattr(response, "headers", None) or {}).items():
        if name.lower() not in ("content-type", "content-length"):
            headers.append((name.encode("latin-1"), str(value).encode("latin-1")))
    return [
        {"type": "http.response.start", "status": status, "headers": headers},
        {"type": "http.response.body", "body": body, "more_body": False},
    ]
