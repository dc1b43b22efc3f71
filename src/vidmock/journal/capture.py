"""The ASGI middleware that fills the journal: it watches a request and its answer go by and,
once the answer is sent, records both (redacted and bounded) with the operation and the fault
rule that served it."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vidmock.http.body_limit import declared_length, declares_body
from vidmock.journal.bodies import PendingBody, keep_body, omitted_body
from vidmock.journal.redaction import Redactor
from vidmock.journal.store import Journal

# One INFO record per request, for the terminal (`vidmock serve`); nobody listens by default.
# Its `journal_entry` may hold the answer's body pending (`bodies.settled` gives its journal form).
REQUEST_LOG = logging.getLogger("vidmock.requests")
# Where the fault middleware notes the rule that fired (`scope["state"][FAULT_STATE]`).
FAULT_STATE = "vidmock.fault"
# Set (true) there by an operation whose answer body is not worth keeping: only its size is.
OMIT_ANSWER_BODY = "vidmock.journal.omit_answer_body"
DEFAULT_BODY_LIMIT = 64 * 1024


class _Kept:
    """The first `limit` bytes of a stream, and how many went by in all."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.kept = 0
        self.seen = 0

    def add(self, chunk: bytes) -> None:
        self.seen += len(chunk)
        if self.kept < self.limit and chunk:
            piece = chunk[: self.limit - self.kept]
            self.parts.append(piece)
            self.kept += len(piece)

    def data(self) -> bytes:
        return b"".join(self.parts)


class _Exchange:
    """One request and its answer as they pass: `receive` and `send` stand in for the server's.
    It refers to nothing that refers back to it, so refcounting frees it with its request: a
    cycle (a closure over the exchange, kept by the exchange) would hold every request's scope
    and buffers until the collector's next full pass, and make that pass long."""

    def __init__(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        limit: int,
        journal: Journal,
        at: str,
        on_answered: Callable[[_Exchange], Awaitable[None]],
    ) -> None:
        self.scope = scope
        self.journal = journal
        self.at = at
        self.started = time.perf_counter()
        self._receive = receive
        self._send = send
        self.request = _Kept(limit)
        self.response = _Kept(limit)
        self.status: int | None = None
        self.response_headers: list[tuple[bytes, bytes]] = []
        self.request_read = not declares_body(scope)
        self._replay: deque[Message] = deque()
        self._on_answered = on_answered
        self.recorded = False

    async def receive(self) -> Message:
        if self._replay:
            return self._replay.popleft()
        return self._took(await self._receive())

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            if not self.request_read and not _expects_continue(self.scope):
                await self._drain()
            self.status = message["status"]
            self.response_headers = message.get("headers", [])
        elif message["type"] == "http.response.body":
            self.response.add(message.get("body", b""))
            if not message.get("more_body", False):
                # Journaled before the client has the last byte: a test that reads the journal
                # right after its call finds the entry there.
                await self._on_answered(self)
        await self._send(message)

    def request_size(self) -> int:
        if self.request_read:
            return self.request.seen
        return max(self.request.seen, declared_length(self.scope) or 0)

    async def _drain(self) -> None:
        # An answer given without reading the body (a 401, a fault): read what the journal keeps
        # of it now, while the server still hands it out, and replay it to the app if it asks.
        while not self.request_read and self.request.seen < self.request.limit:
            message = self._took(await self._receive())
            self._replay.append(message)
            if message["type"] != "http.request":
                return

    def _took(self, message: Message) -> Message:
        if message["type"] == "http.request":
            self.request.add(message.get("body", b""))
            self.request_read = not message.get("more_body", False)
        return message


class JournalMiddleware:
    """Outside connexion's layers, so it sees every answer: errors, refusals, preflights."""

    def __init__(
        self,
        app: ASGIApp,
        journal: Callable[[], Journal],
        api_for_path: Callable[[str], str | None],
        clock_iso: Callable[[], str],
        redactor: Redactor,
        body_limit: int = DEFAULT_BODY_LIMIT,
        unrecorded: str | None = None,
    ) -> None:
        self.app = app
        # A path prefix whose requests are not kept (the dashboard's pages, which would bury
        # what the app under test sent beneath the dashboard's own page loads and polls).
        self.unrecorded = unrecorded
        # The journal of the request's world (each tenant has its own).
        self.journal = journal
        self.api_for_path = api_for_path
        self.clock_iso = clock_iso
        self.redactor = redactor
        self.body_limit = body_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self._unrecorded(scope["path"]):
            await self.app(scope, receive, send)
            return
        # Inner layers work on shallow copies of the scope: the dicts made here are the ones
        # they fill (connexion's routing info, the fault middleware's note).
        scope.setdefault("extensions", {})
        scope.setdefault("state", {})
        exchange = _Exchange(
            scope, receive, send, self.body_limit, self.journal(), self.clock_iso(), self._answered
        )
        try:
            await self.app(scope, exchange.receive, exchange.send)
        except BaseException:
            if exchange.status is None:
                exchange.status = 500  # what the server answers for an app that raised
            raise
        finally:
            self._record(exchange)  # an answer never finished (an error, a dropped connection)

    async def _answered(self, exchange: _Exchange) -> None:
        if not exchange.recorded and exchange.journal.writes_to_store:
            # A journal in a shared store may wait for another worker's write lock: wait in a
            # thread, so this worker's other requests go on meanwhile.
            await asyncio.to_thread(self._record, exchange)
        else:
            self._record(exchange)

    def _unrecorded(self, path: str) -> bool:
        prefix = self.unrecorded
        return prefix is not None and (path == prefix or path.startswith(prefix + "/"))

    def _record(self, exchange: _Exchange) -> None:
        if exchange.recorded:
            return
        exchange.recorded = True
        journal = exchange.journal
        draft = _Draft(self, exchange, round((time.perf_counter() - exchange.started) * 1000, 3))
        if REQUEST_LOG.isEnabledFor(logging.INFO):
            stored = journal.record(*draft.build())
            REQUEST_LOG.info("%s %s", stored["method"], stored["path"], extra={"journal_entry": stored})
        else:
            journal.record_draft(draft)


class _Draft:
    """What the journal keeps of an exchange until its entry is read (`store.Draft`): the bytes
    and names as they went by, nothing decoded, redacted or classified yet."""

    def __init__(self, capture: JournalMiddleware, exchange: _Exchange, duration_ms: float) -> None:
        scope = exchange.scope
        self._redactor, self._limit = capture.redactor, capture.body_limit
        self._request_headers = scope.get("headers", [])
        self._request = exchange.request.data()
        self._request_size = exchange.request_size()
        self._response_headers = exchange.response_headers
        self._response = exchange.response.data()
        self._response_size = exchange.response.seen
        self._omit_answer = bool(scope["state"].get(OMIT_ANSWER_BODY))
        path = scope["path"]
        fault = scope["state"].get(FAULT_STATE)
        self._fields = {
            "at": exchange.at,
            "api": capture.api_for_path(path),
            "method": scope["method"],
            "path": path,
            "query": scope.get("query_string", b""),
            "status": exchange.status,
            "duration_ms": duration_ms,
            "operation_id": (scope["extensions"].get("connexion_routing") or {}).get("operation_id"),
            "fault": None if fault is None else str(fault),
        }
        self.estimate = (
            min(_headers_size(self._request_headers), self._limit)
            + min(_headers_size(self._response_headers), self._limit)
            + 2 * len(self._request)
            + (0 if self._omit_answer else len(self._response))
        )

    def build(self) -> tuple[dict[str, Any], str | bytes | None, int]:
        redactor, limit = self._redactor, self._limit
        request_body = keep_body(
            self._request,
            self._request_size,
            _header(self._request_headers, b"content-type"),
            limit,
            redactor,
        )
        response_type = _header(self._response_headers, b"content-type")
        request_part, cost = _headers_part(self._request_headers, redactor, limit)
        response_part, response_cost = _headers_part(self._response_headers, redactor, limit)
        request_part["body"] = request_body.shown if request_body else None
        cost += response_cost + (request_body.cost if request_body else 0)
        seen = self._response_size
        if not seen:
            response_part["body"] = None
        elif self._omit_answer:
            response_part["body"] = omitted_body(seen, response_type).shown
        else:
            response_part["body"] = PendingBody(self._response, seen, response_type, redactor)
            cost += len(self._response)
        entry = {
            **self._fields,
            "query": redactor.query(self._fields["query"].decode("latin-1")),
            "request": request_part,
            "response": response_part,
        }
        return entry, request_body.raw if request_body else None, cost


def _headers_size(raw: list[tuple[bytes, bytes]]) -> int:
    return sum(len(name) + len(value) for name, value in raw)


def _headers_part(
    raw: list[tuple[bytes, bytes]], redactor: Redactor, limit: int
) -> tuple[dict[str, Any], int]:
    """`{"headers": {name: value}}` (names in lower case, repeated ones joined by `, `), cut at
    `limit` bytes and then marked `headers_truncated` with `headers_size`; and its weight."""
    headers: dict[str, str] = {}
    kept = size = 0
    for name_bytes, value_bytes in raw:
        size += len(name_bytes) + len(value_bytes)
        if size > limit:
            continue
        name = name_bytes.decode("latin-1").lower()
        value = redactor.header(name, value_bytes.decode("latin-1"))
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
        kept = size
    part: dict[str, Any] = {"headers": headers}
    if size > limit:
        part["headers_truncated"] = True
        part["headers_size"] = size
    return part, kept


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _expects_continue(scope: Scope) -> bool:
    # Reading the body would make the server send `100 Continue` before a refusal (RFC 9110 §10.1.1).
    return (_header(scope.get("headers", []), b"expect") or "").lower() == "100-continue"
