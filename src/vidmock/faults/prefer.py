"""`Prefer: code=N` and `Prefer: example=NAME`, read as Stoplight Prism reads them.

`code=N` answers status N of the operation: an error status (4xx, 5xx) as the operation's real
error of that status (built and rendered by the vendor's own code, see vidmock.faults.forced:
a 404 names the id, a 401 refuses the token, ...), another status with the spec's
example for it (the `example`, or the first of `examples`), or an empty body where the spec
documents none. `example=NAME` answers the response whose media type has the named example
(the successes first), with that response's status; with `code=N` too, the example is looked
up in status N only. The operation's handler never runs, so nothing is written; security and
request validation still do, as in Prism. A status the operation does not document, or an
example it does not have, is a 400 in the vendor's shape naming `Prefer`. Every other
preference (RFC 7240's `return=minimal`, Prism's `dynamic=true`, ...) is ignored.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from vidmock.faults.forced import Forced, forced_error, forced_request, send_forced
from vidmock.faults.routes import Route, RouteTable
from vidmock.http.errors import ApiError

OURS = ("code", "example")


def preferences(values: list[str]) -> dict[str, str]:
    """The `code` and `example` preferences of `Prefer` header values (RFC 7240 §2:
    comma-separated `name[=value]`, optional `;` parameters, values possibly quoted); the first
    occurrence of each wins, as the RFC says."""
    found: dict[str, str] = {}
    for value in values:
        for item in _split_outside_quotes(value, ","):
            head = _split_outside_quotes(item, ";")[0].strip()
            name, equals, word = head.partition("=")
            name = name.strip().lower()
            if name in OURS and name not in found and equals:
                word = word.strip()
                if len(word) >= 2 and word[0] == word[-1] == '"':
                    word = word[1:-1].replace('\\"', '"')
                found[name] = word
    return found


def _split_outside_quotes(text: str, separator: str) -> list[str]:
    parts, current, quoted = [], [], False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def forced_answer(route: Route, prefs: dict[str, str], scope: Scope) -> Forced:
    """What `prefs` force for `route` (the operation the request `scope` reached). Raises
    ApiError: the error status asked for (as the operation's real one), or a 400 naming
    `Prefer` (a status not documented, no such example, a status without an example)."""
    applied = ", ".join(f"{k}={v}" for k, v in prefs.items())
    code = _code(prefs["code"], route) if "code" in prefs else None
    if "example" in prefs:
        return _named_example(route, prefs["example"], code)
    assert code is not None
    if code >= 400:
        answer = forced_error(forced_request(scope, route, code, f"Forced by 'Prefer: {applied}'"))
        if isinstance(answer, ApiError):
            answer.headers = {**(answer.headers or {}), "Preference-Applied": applied}
            raise answer
        return answer
    content = _response(route, code)["content"]
    if not content:
        return Forced(code, None, b"")
    for media_type, entry in content.items():
        if "example" in entry:
            return Forced(code, media_type, _encode(media_type, entry["example"]))
        if entry.get("examples"):
            return Forced(code, media_type, _encode(media_type, next(iter(entry["examples"].values()))))
    raise _refusal(f"the {code} answer of {route.operation_id} has no example to serve")


def _code(text: str, route: Route) -> int:
    if not (text.isdigit() and len(text) == 3 and 100 <= int(text) <= 599):
        raise _refusal(f"code={text} is not an HTTP status")
    code = int(text)
    if _response(route, code) is None:
        documented = ", ".join(sorted(route.responses))
        raise _refusal(f"{route.operation_id} documents no {code} answer (it documents {documented})")
    return code


def _response(route: Route, code: int) -> dict[str, Any] | None:
    responses = route.responses
    return responses.get(str(code)) or responses.get(f"{code // 100}XX") or responses.get("default")


def _named_example(route: Route, name: str, code: int | None) -> Forced:
    if code is not None:
        candidates = [(code, _response(route, code))]
    else:
        candidates = [(_status_of(key), r) for key, r in sorted(route.responses.items(), key=_order)]
    known: list[str] = []
    for status, response in candidates:
        for media_type, entry in (response or {}).get("content", {}).items():
            examples = entry.get("examples") or {}
            if name in examples:
                return Forced(status, media_type, _encode(media_type, examples[name]))
            known.extend(examples)
    where = f"the {code} answer of {route.operation_id}" if code is not None else route.operation_id
    names = ", ".join(sorted(set(known))) or "none"
    raise _refusal(f"{where} has no example '{name}' (its named examples: {names})")


def _order(item: tuple[str, Any]) -> tuple[int, str]:
    key = item[0]
    return (0 if key.startswith("2") else 1, key)


def _status_of(key: str) -> int:
    if key == "default":
        return 200
    return int(key.replace("X", "0").replace("x", "0"))


def _encode(media_type: str, value: Any) -> bytes:
    if "json" in media_type:
        return json.dumps(value, default=_instant).encode()
    return str(value).encode()


def _instant(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _refusal(problem: str) -> ApiError:
    return ApiError(400, f"Prefer: {problem}", parameter="Prefer", location="header")


class PreferMiddleware:
    """Answers requests whose `Prefer` header names a code or an example, without the handler.
    Placed after security and request validation (`MiddlewarePosition.BEFORE_CONTEXT`)."""

    def __init__(self, app: ASGIApp, routes: RouteTable) -> None:
        self.app = app
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        values = [v.decode("latin-1") for k, v in scope["headers"] if k.lower() == b"prefer"]
        prefs = preferences(values) if values else {}
        route = self.routes.route_of(scope) if prefs else None
        if route is None:
            await self.app(scope, receive, send)
            return
        answer = forced_answer(route, prefs, scope)
        applied = ", ".join(f"{k}={v}" for k, v in prefs.items())
        await send_forced(send, answer, {"Preference-Applied": applied})
