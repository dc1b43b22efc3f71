"""The errors `Prefer: code=N` and fault rules force, built by the code that builds real ones.

A forced error is meant to test how an app handles that error, so it must look like the real
error of the same operation and status, field for field and header for header: each vendor
hands the request to the builders its own operations use (a 404 names the id in the path as
its lookups do, a 401 is what its credential check says of a refused token, a 400 names a
field of the operation as its validators do), and the vendor's renderer writes them as it
writes every error. What legitimately differs is the text of an error that describes a value
(a 400, a 5xx): no value was wrong, so it says what forced the error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from starlette.types import Scope, Send

from vidmock.auth import token_refused
from vidmock.faults.routes import Field, Route
from vidmock.http import content_type
from vidmock.http.errors import ApiError, field_error

_PARAMETER = re.compile(r"\{([^}]+)\}")
# Which field a forced 400 names: what a client most often gets wrong (the required query
# parameters and body fields), then the optional ones; the path (a bad id is mostly a 404)
# and headers last.
_RANK = {"query": 0, "body": 1, "form": 1, "path": 4, "header": 5, "cookie": 6}


@dataclass(frozen=True)
class ForcedRequest:
    """A request whose answer is forced to `status`, and why (`reason`: the words an error
    that describes no wrong value says, e.g. "Forced by 'Prefer: code=400'")."""

    status: int
    reason: str
    route: Route | None  # None when the request reached no operation of the spec
    path_params: Mapping[str, str]
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]  # names lower-cased
    retry_after: int | None = None  # seconds, for a `Retry-After` header

    def parameter(self, name: str) -> str | None:
        """The value of the path or query parameter `name` as sent, or None."""
        # Connexion keys a path parameter by its name with `-` made `_`.
        for key in (name, name.replace("-", "_")):
            if key in self.path_params:
                return str(self.path_params[key])
        values = self.query.get(name)
        return values[-1] if values else None

    def reached(self, handler: Callable[..., Any]) -> bool:
        """True when the request reached the operation `handler` serves (its x-vidmock-handler)."""
        return self.route is not None and self.route.handler == f"{handler.__module__}.{handler.__name__}"

    def resource(self) -> tuple[str, str] | None:
        """(name, value) of the parameter naming the resource the request addresses: the last
        path parameter (`language` in `/videos/{videoId}/captions/{language}`), else the first
        required query parameter (`token` of api.video's `/upload`); None when there is none."""
        if self.route is None:
            return None
        in_path = _PARAMETER.findall(self.route.template)
        required = [f.name for f in self.route.fields if f.location == "query" and f.required]
        names = in_path[-1:] or required[:1]
        return (names[0], self.parameter(names[0]) or "") if names else None


class Forced:
    """A whole forced answer that is not a vendor error body: status, media type, body bytes,
    headers."""

    def __init__(
        self, status: int, media_type: str | None, body: bytes, headers: dict[str, str] | None = None
    ) -> None:
        self.status, self.media_type, self.body = status, media_type, body
        self.headers = dict(headers or {})


# What a vendor (or one of its mounts) builds a forced error with.
ForcedErrors = Callable[[ForcedRequest], "ApiError | Forced"]


def forced_request(
    scope: Scope, route: Route | None, status: int, reason: str, retry_after: int | None = None
) -> ForcedRequest:
    """The ForcedRequest of the ASGI request `scope` (after routing, so its path parameters
    are known)."""
    return ForcedRequest(
        status=status,
        reason=reason,
        route=route,
        path_params=dict(scope.get("path_params") or {}),
        query=parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True),
        headers={k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])},
        retry_after=retry_after,
    )


def forced_error(forced: ForcedRequest) -> ApiError | Forced:
    """The error (raised, to be rendered by the vendor) or the whole answer `forced` asks for,
    built by the operation's vendor; a `Retry-After` header when `forced.retry_after` is set."""
    build = (forced.route.forced_error if forced.route else None) or standard_error
    answer = build(forced)
    if forced.retry_after is not None:
        if isinstance(answer, ApiError):
            answer.headers = {**(answer.headers or {}), "Retry-After": str(forced.retry_after)}
        else:
            answer.headers["Retry-After"] = str(forced.retry_after)
    return answer


def standard_error(forced: ForcedRequest) -> ApiError:
    """The forced error as the machinery every vendor shares builds the real one: a 400 naming a
    field of the operation (`field_error`, as the validators do), a 401 refusing the token (as
    `vidmock.auth.Tokens` does), a 415 naming `Content-Type`; any other status with
    `forced.reason` as its text. Vendors build their own statuses and fall back on this."""
    if forced.status == 400:
        return _invalid_field(forced)
    if forced.status == 401:
        return token_refused()
    if forced.status == 415:
        return content_type.refusal(415, forced.reason)
    return ApiError(forced.status, forced.reason)


def _invalid_field(forced: ForcedRequest) -> ApiError:
    fields = list(forced.route.fields) if forced.route else []
    if not fields:
        return ApiError(400, forced.reason)
    chosen = min(fields, key=lambda f: (_rank(f), fields.index(f)))
    if chosen.location in ("body", "form"):
        return field_error(chosen.location, [chosen.name], f"{forced.reason} (at '{chosen.name}')")
    detail = f"Invalid {chosen.location} parameter '{chosen.name}': {forced.reason}"
    return field_error(chosen.location, [chosen.name], detail)


def _rank(f: Field) -> int:
    rank = _RANK.get(f.location, 9)
    # Optional query and body fields come after every required one.
    return rank + 2 if rank < 2 and not f.required else rank


async def send_forced(send: Send, answer: Forced, headers: Mapping[str, str] | None = None) -> None:
    """Send `answer` whole, with `headers` besides its own."""
    fields = [(b"content-length", str(len(answer.body)).encode())]
    if answer.media_type:
        fields.append((b"content-type", answer.media_type.encode()))
    for name, value in {**answer.headers, **(headers or {})}.items():
        fields.append((name.lower().encode("latin-1"), value.encode("latin-1")))
    await send({"type": "http.response.start", "status": answer.status, "headers": fields})
    await send({"type": "http.response.body", "body": answer.body, "more_body": False})
