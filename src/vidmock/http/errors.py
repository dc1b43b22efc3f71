"""Errors in each vendor's own shape.

Connexion's stock validators report a bare text; the subclasses here keep *where* a request
went wrong (the parameter, or the JSON pointer into the body) on an `ApiError`, and one
app-wide handler hands every error to the renderer of the vendor that owns the path.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import starlette.convertors
from connexion import http_facts
from connexion.datastructures import MediaTypeDict
from connexion.exceptions import ProblemException, UnsupportedMediaTypeProblem
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from connexion.validators import (
    VALIDATOR_MAP,
    FormDataValidator,
    JSONRequestBodyValidator,
    MultiPartFormDataValidator,
)
from connexion.validators import ParameterValidator as StockParameterValidator
from jsonschema import Draft4Validator, ValidationError
from python_multipart.exceptions import MultipartParseError
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException

from vidmock.http.ecma_patterns import RESPONSE_VALIDATORS, EcmaBodyValidation, EcmaDraft4Validator
from vidmock.http.json_bodies import JSONBodyError, is_utf8, keep_parsed, parse_json_body
from vidmock.http.numerals import coerce

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


class ParameterValidator(StockParameterValidator):
    """Names the failing parameter, and compiles each parameter's schema once at start-up
    (the stock validator deep-copies and compiles it on every request)."""

    def __init__(self, parameters, uri_parser, strict_validation=False, security_query_params=None):
        super().__init__(parameters, uri_parser, strict_validation, security_query_params)
        self._compiled = _compiled_schemas(parameters)
        self._query_names = {p["name"] for p in self.parameters.get("query", [])}
        self._query_names |= set(self.security_query_params)

    def validate_request(self, request) -> None:
        if self.strict_validation:
            extra = sorted(set(request.query_params.keys()) - self._query_names)
            if extra:
                raise ApiError(
                    400, f"Unknown query parameter '{extra[0]}'", parameter=extra[0], location="query"
                )
        for location, values in (
            ("query", request.query_params),
            ("path", request.path_params),
            ("header", request.headers),
            ("cookie", request.cookies),
        ):
            for param in self.parameters.get(location, []):
                if location == "header":
                    single_header(request.headers, param["name"])
                key = param["name"].replace("-", "_") if location == "path" else param["name"]
                problem = self._check(location, values.get(key), param)
                if problem:
                    message, rule = problem
                    raise field_error(location, [param["name"]], message, rule)

    def _check(self, location: str, value: Any, param: dict) -> tuple[str, str] | None:
        if value is None:
            if param.get("required"):
                return f"Missing {location} parameter '{param['name']}'", "required"
            return None
        schema = param.get("schema", param)
        if schema.get("nullable") and value in ("null", "None"):
            return None
        if location == "header":
            # Headers reach here as text; read them as the query and path were read.
            value = coerce(param, value, "header", param["name"])
        if _has_non_finite(value):
            # Python's float() reads NaN, Infinity and 1e999 (an overflow to infinity), and NaN
            # slips past minimum/maximum; none of them is a number in JSON or OpenAPI.
            return (
                f"Invalid {location} parameter '{param['name']}': not a finite number "
                "(NaN and Infinity are not numbers)",
                "type",
            )
        error = next(self._compiled[id(param)].iter_errors(value), None)
        if error is None:
            return None
        words = _words(error, param.get("example"))
        return f"Invalid {location} parameter '{param['name']}': {words}", str(error.validator)


# Connexion builds a validator per request; the operation's parameter list lives as long as
# the app, so its compiled schemas are kept by the list's identity (checked, as ids are reused).
_COMPILED: dict[int, tuple[list, dict[int, Any]]] = {}


def _compiled_schemas(parameters: list) -> dict[int, Any]:
    cached = _COMPILED.get(id(parameters))
    if cached is not None and cached[0] is parameters:
        return cached[1]
    compiled = {
        id(p): EcmaDraft4Validator(p.get("schema", p), format_checker=Draft4Validator.FORMAT_CHECKER)
        for p in parameters
    }
    _COMPILED[id(parameters)] = (parameters, compiled)
    return compiled


def _has_non_finite(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, list):
        return any(_has_non_finite(item) for item in value)
    if isinstance(value, dict):
        return any(_has_non_finite(item) for item in value.values())
    return False


class JSONBodyValidator(EcmaBodyValidation, JSONRequestBodyValidator):
    """Parses a JSON body once (`vidmock.http.json_bodies`: strict, UTF-8) and validates it; the value
    is kept with the request, and the handler is given that value, never its own reading.

    Errors (`ApiError` 400): a charset other than UTF-8 (naming `Content-Type`; RFC 8259 §8.1),
    a body that is not JSON (pointer `""`), a value the schema refuses (its pointer)."""

    async def _parse(self, stream, scope) -> Any:
        if not is_utf8(self._encoding):
            raise ApiError(
                400,
                f"Content-Type: charset '{self._encoding}' is refused: a JSON body is UTF-8 "
                "(RFC 8259 §8.1); send charset=utf-8 or no charset",
                parameter="Content-Type",
                location="header",
            )
        # Strict JSON with bounded nesting: the stock parser let NaN through and recursed.
        try:
            body = parse_json_body(b"".join([chunk async for chunk in stream]))
        except JSONBodyError as exc:
            raise ApiError(400, exc.detail, pointer=exc.pointer, rule=exc.rule) from None
        keep_parsed(scope, body)
        return body

    def _validate(self, body: Any) -> None:
        if not self._nullable and body is None:
            raise ApiError(400, "Request body must not be empty", pointer="", rule="required")
        error = _first_error(self._validator, body)
        if error is not None:
            raise field_error("body", _path(error), _describe(error), str(error.validator))


class FormValidator(EcmaBodyValidation, FormDataValidator):
    # Unknown fields are rejected only where the schema says `additionalProperties: false`:
    # OAuth2 token endpoints, for one, must ignore parameters they do not know (RFC 6749 §3.2).
    def _validate(self, body: Any) -> None:
        if not isinstance(body, dict):
            raise ApiError(400, "Form body must be a set of fields", pointer="")
        error = _first_error(self._validator, body)
        if error is not None:
            raise field_error("form", _path(error), _describe(error), str(error.validator))


class MultiPartValidator(FormValidator, MultiPartFormDataValidator):
    """multipart/form-data (uploads) checked like a form: the field at fault is named, a part the
    upload does not take too; a body that is not multipart (RFC 7578) at all is a 400, not a 500."""

    async def _parse(self, stream: Any, scope: Any) -> Any:
        try:
            return await super()._parse(stream, scope)
        except (MultiPartException, MultipartParseError) as exc:
            # The stock parser lets a malformed body escape as a 500.
            raise ApiError(400, f"Malformed multipart/form-data body: {exc}", pointer="") from None

    def _validate(self, body: Any) -> None:
        # The stock parser turns a file part sent twice into a list, which the schema would
        # refuse as "not of type 'string'"; say what happened instead.
        fields = self._schema.get("properties", {})
        for name, value in body.items() if isinstance(body, dict) else ():
            if isinstance(value, list) and fields.get(name, {}).get("format") == "binary":
                raise repeated_parameter("form", name, len(value), "it takes one file")
        try:
            super()._validate(body)
        except ApiError as exc:
            # A part the upload does not take is named too (api.video's `name`).
            unexpected = re.search(r"'([^']+)' was unexpected", str(exc.detail))
            if exc.rule == "additionalProperties" and exc.parameter is None and unexpected:
                exc.parameter = unexpected.group(1)
            raise


def _first_error(validator, instance) -> ValidationError | None:
    return min(validator.iter_errors(instance), key=lambda e: len(e.absolute_path), default=None)


def _path(error: ValidationError) -> list[str]:
    path = [str(p) for p in error.absolute_path]
    if error.validator == "required":
        match = re.match(r"'(.+)' is a required property", error.message)
        if match:
            path.append(match.group(1))
    return path


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


def _describe(error: ValidationError) -> str:
    where = "/".join(str(p) for p in error.absolute_path)
    message = _words(error)
    return f"{message} (at '{where}')" if where else message


def _words(error: ValidationError, example: Any = None) -> str:
    """The failure as a person reads it. A `pattern` failure says what was expected, never the
    regex: the schema's `x-expected` (`a date-time such as 2026-11-01T00:00:00Z`), else its
    `format`, else an `example` (the schema's, or `example` given by the caller)."""
    if error.validator != "pattern":
        return error.message
    schema = error.schema if isinstance(error.schema, dict) else {}
    if expected := schema.get("x-expected"):
        return f"{error.instance!r} is not {expected}"
    if fmt := schema.get("format"):
        return f"{error.instance!r} is not a valid {fmt}"
    example = schema.get("example", example)
    if example is not None:
        return f"{error.instance!r} is not in the expected form, such as {example!r}"
    return f"{error.instance!r} is not in the expected form"


VALIDATORS = {
    **VALIDATOR_MAP,
    "parameter": ParameterValidator,
    "body": MediaTypeDict(
        {
            **VALIDATOR_MAP["body"],
            "*/*json": JSONBodyValidator,
            "application/x-www-form-urlencoded": FormValidator,
            "multipart/form-data": MultiPartValidator,
        }
    ),
    "response": RESPONSE_VALIDATORS,
}


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

    def handle(self, request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
        error = _as_api_error(exc)
        path = request.url.path
        headers = dict(error.headers or {})
        if error.status == 405 and (allow := self.allow_for(path)):
            headers["Allow"] = allow
        rendered = self.renderer_for(path)(error)
        headers.update(rendered.headers)
        return ConnexionResponse(
            status_code=rendered.status,
            body=json.dumps(rendered.body),
            content_type=rendered.media_type,
            headers=headers,
        )


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
