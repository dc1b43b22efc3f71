"""Errors in each vendor's own shape.

An `ApiError` keeps *where* a request went wrong (the parameter, or the JSON pointer into the
body; the validators in `validators` raise it so), and one app-wide handler hands every error
to the renderer of the vendor that owns the path.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import starlette.convertors
from connexion import http_facts
from connexion.exceptions import ProblemException, UnsupportedMediaTypeProblem
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException

logger = logging.getLogger("vidmock.http.errors")


class ApiError(ProblemException):
    """An error a handler or validator raises; the vendor's renderer decides its wire form.

    `parameter` names a query/path/header/form field, `pointer` a place in a JSON body
    (RFC 6901), `code` a vendor error code where the vendor has them, `rule` the JSON Schema
    keyword a value broke (`required`, `enum`, ...) when a validator raised it."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        title: str | None = None,
        parameter: str | None = None,
        location: str | None = None,
        pointer: str | None = None,
        code: str | None = None,
        rule: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        title = title or http_facts.HTTP_STATUS_CODES.get(status, "Error")
        super().__init__(status=status, title=title, detail=detail, headers=headers)
        self.parameter = parameter
        self.location = location
        self.pointer = pointer
        self.code = code
        self.rule = rule


_LOCATIONS = {"query": "Query parameter", "header": "Header", "form": "Form field", "cookie": "Cookie"}


def repeated_parameter(
    location: str, name: str, times: int, hint: str, sent_as: str | None = None
) -> ApiError:
    """The 400 for a parameter that takes one value sent `times` times (`location` is `query`,
    `header`, `form` or `cookie`; `sent_as` the key as written when it is not the name, such as a
    deepObject's `metadata[Genre]`). Only an exploded array takes repeats (OpenAPI 3.0.3
    "Style Values"); a header that is no list must not be repeated (RFC 9110 §5.3), nor may an
    OAuth 2.0 parameter (RFC 6749 §3.1, §3.2)."""
    what = _LOCATIONS.get(location, "Parameter")
    return ApiError(
        400,
        f"{what} '{sent_as or name}' was sent {times} times; {hint}",
        parameter=name,
        location=location,
    )


def single_header(headers: Headers, name: str) -> str | None:
    """The value of header `name` (None when absent); sent on more than one line, a 400 naming
    it (`repeated_parameter`): Starlette's `get` would take the first line and drop the rest."""
    values = headers.getlist(name)
    if len(values) > 1:
        raise repeated_parameter("header", name, len(values), "it takes one value")
    return values[0] if values else None


@dataclass(frozen=True)
class VendorError:
    """What a renderer returns: the status (a vendor may map one to another), the body."""

    status: int
    body: Any
    media_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


Renderer = Callable[[ApiError], VendorError]


def problem_details(error: ApiError) -> VendorError:
    """RFC 7807, for paths no vendor owns (and the admin API)."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": error.title,
        "status": error.status,
        "detail": error.detail,
    }
    if error.parameter:
        body["parameter"] = error.parameter
    if error.pointer is not None:
        body["pointer"] = error.pointer
    return VendorError(error.status, body, "application/problem+json")


# --- validators -----------------------------------------------------------------------------


def field_error(location: str, path: Sequence[str], detail: str, rule: str | None = None) -> ApiError:
    """The 400 a validator raises for one field, which each vendor's renderer names its own way.

    `location` is where the field is: `query`, `path`, `header` or `cookie` (a parameter, named
    by `path[0]`), `body` (a JSON body, `path` its keys down to the field, kept as an RFC 6901
    pointer) or `form` (a form or multipart field: named, and pointed at). `rule` is the JSON
    Schema keyword the value broke, when one did."""
    if location == "body":
        return ApiError(400, detail, pointer=_pointer_of(path), rule=rule)
    if location == "form":
        return ApiError(
            400,
            detail,
            parameter=path[0] if path else None,
            location="form",
            pointer=_pointer_of(path),
            rule=rule,
        )
    return ApiError(400, detail, parameter=path[0], location=location, rule=rule)


def _pointer_of(path: Sequence[str]) -> str:
    return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in path)


# --- the one handler ------------------------------------------------------------------------


class AnyCharPathConvertor(starlette.convertors.PathConvertor):
    # Connexion mounts each API as `{base}/{path:path}`; the stock `.*` stops at a newline,
    # so a `%0A` in a path fell through to the wrong handler.
    regex = r"[\s\S]*"


def allow_any_char_in_paths() -> None:
    starlette.convertors.register_url_convertor("path", AnyCharPathConvertor())


class ErrorRouter:
    """Hands each error to the renderer of the vendor whose prefix owns the request path."""

    def __init__(self) -> None:
        self._renderers: list[tuple[str, Renderer]] = []
        self._allow: list[tuple[re.Pattern[str], str]] = []

    def add(self, prefix: str, renderer: Renderer, paths: dict[str, Iterable[str]]) -> None:
        self._renderers.append((prefix.rstrip("/"), renderer))
        self._renderers.sort(key=lambda item: -len(item[0]))
        for path, methods in paths.items():
            # Starlette answers 405 with the methods of one route only; keep the spec's full set.
            pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(prefix.rstrip("/") + path))
            self._allow.append((re.compile(pattern + r"\Z"), ", ".join(sorted(m.upper() for m in methods))))

    def renderer_for(self, path: str) -> Renderer:
        for prefix, renderer in self._renderers:
            if prefix == "" or path == prefix or path.startswith(prefix + "/"):
                return renderer
        return problem_details

    def allow_for(self, path: str) -> str | None:
        return next((methods for pattern, methods in self._allow if pattern.match(path)), None)

    async def answer(self, request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
        """`handle` for Connexion's exception layer, which runs a plain function on a worker
        thread and waits for it: a coroutine runs on the loop, with no thread hop per error."""
        return self.handle(request, exc)

    def handle(self, request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
        rendered, headers = self.rendered(request.url.path, exc)
        return ConnexionResponse(
            status_code=rendered.status,
            body=json.dumps(rendered.body),
            content_type=rendered.media_type,
            headers=headers,
        )

    def rendered(self, path: str, exc: Exception) -> tuple[VendorError, dict[str, str]]:
        """`exc` in the shape of whoever owns `path`, with every header its answer carries."""
        error = _as_api_error(exc)
        headers = dict(error.headers or {})
        if error.status == 405 and (allow := self.allow_for(path)):
            headers["Allow"] = allow
        rendered = self.renderer_for(path)(error)
        headers.update(rendered.headers)
        return rendered, headers


def _as_api_error(exc: Exception) -> ApiError:
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, UnsupportedMediaTypeProblem):
        return ApiError(415, exc.detail or "", title=exc.title, parameter="Content-Type", location="header")
    if isinstance(exc, ProblemException):
        return ApiError(
            exc.status, exc.detail or exc.title or "", title=exc.title, headers=dict(exc.headers or {})
        )
    if isinstance(exc, HTTPException):
        detail = exc.detail if exc.status_code != 404 else "No such resource: check the path"
        return ApiError(exc.status_code, detail, headers=dict(exc.headers or {}))
    logger.error("unhandled error", exc_info=exc)
    return ApiError(500, "Internal server error")
