"""Connexion's request validators, made to say where a request went wrong: the parameter, form
field or JSON pointer at fault, on an `ApiError` the vendor's renderer shapes (see `errors`). The
specs' patterns run as ECMA-262, numbers are read as JSON spells them, a JSON body is read once
(UTF-8, strictly) and handed on as validated."""

from __future__ import annotations

import functools
import math
import re
from typing import Any

from connexion.datastructures import MediaTypeDict
from connexion.validators import (
    VALIDATOR_MAP,
    FormDataValidator,
    JSONRequestBodyValidator,
    MultiPartFormDataValidator,
)
from connexion.validators import ParameterValidator as StockParameterValidator
from jsonschema import Draft4Validator, ValidationError
from python_multipart.exceptions import MultipartParseError
from starlette.datastructures import FormData, Headers
from starlette.formparsers import MultiPartException, MultiPartParser

from vidmock.http.ecma_patterns import RESPONSE_VALIDATORS, EcmaBodyValidation, EcmaDraft4Validator
from vidmock.http.errors import ApiError, field_error, repeated_parameter, single_header
from vidmock.http.file_parts import file_field, keep_renamed, one_file_part
from vidmock.http.json_bodies import JSONBodyError, is_utf8, keep_parsed, parse_json_body
from vidmock.http.numerals import coerce
from vidmock.http.quick_checks import Check, surely_valid
from vidmock.http.requests import DirectRequest

# Where the query the parameter validator read and checked is left for the handler's arguments
# (`scope["state"]`, which every layer's copy of the scope shares): read once, not twice.
CHECKED_QUERY = "vidmock.checked_query"
# Where each location's values are read from the request.
_SOURCES = (("query", "query_params"), ("path", "path_params"), ("header", "headers"), ("cookie", "cookies"))
# Connexion builds a validator per request; the operation's parameter list lives as long as
# the app, so its compiled schemas are kept by the list's identity (checked, as ids are reused).
_COMPILED: dict[int, tuple[list, dict[int, tuple[Any, Check | None]]]] = {}


class ParameterValidator(StockParameterValidator):
    """Names the failing parameter, and compiles each parameter's schema once at start-up
    (the stock validator deep-copies and compiles it on every request); a simple schema's yes
    is told without jsonschema (`quick_checks`)."""

    def __init__(self, parameters, uri_parser, strict_validation=False, security_query_params=None):
        super().__init__(parameters, uri_parser, strict_validation, security_query_params)
        self._compiled = _compiled_schemas(parameters)
        self._query_names = {p["name"] for p in self.parameters.get("query", [])}
        self._query_names |= set(self.security_query_params)

    def validate(self, scope) -> None:
        self.validate_request(DirectRequest(scope, uri_parser=self.uri_parser))

    def validate_request(self, request) -> None:
        if self.strict_validation:
            extra = sorted(set(request.query_params.keys()) - self._query_names)
            if extra:
                raise ApiError(
                    400, f"Unknown query parameter '{extra[0]}'", parameter=extra[0], location="query"
                )
        for location, source in _SOURCES:
            params = self.parameters.get(location)
            if not params:
                continue  # not read at all: a cookie header is parsed only where cookies are declared
            values = getattr(request, source)
            for param in params:
                if location == "header":
                    single_header(request.headers, param["name"])
                key = param["name"].replace("-", "_") if location == "path" else param["name"]
                problem = self._check(location, values.get(key), param)
                if problem:
                    message, rule = problem
                    raise field_error(location, [param["name"]], message, rule)
        request.scope.setdefault("state", {})[CHECKED_QUERY] = request.query_params

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
        validator, quick = self._compiled[id(param)]
        if quick is not None and quick(value):
            return None
        error = next(validator.iter_errors(value), None)
        if error is None:
            return None
        words = _words(error, param.get("example"))
        return f"Invalid {location} parameter '{param['name']}': {words}", str(error.validator)


def _compiled_schemas(parameters: list) -> dict[int, tuple[Any, Check | None]]:
    cached = _COMPILED.get(id(parameters))
    if cached is not None and cached[0] is parameters:
        return cached[1]
    schemas = {id(p): p.get("schema", p) for p in parameters}
    checker = Draft4Validator.FORMAT_CHECKER
    compiled = {
        key: (EcmaDraft4Validator(schema, format_checker=checker), surely_valid(schema))
        for key, schema in schemas.items()
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


class _OneFilePartParser(MultiPartParser):
    """Starlette's parser, with the upload's one file part read as `field` (`file_parts`)."""

    def __init__(self, headers: Headers, stream: Any, *, field: str, scope: Any) -> None:
        super().__init__(headers, stream)
        self._field = field
        self._scope = scope

    async def parse(self) -> FormData:
        form = await super().parse()
        try:
            form, sent_as = one_file_part(form, self._field)
        except ApiError:
            await form.close()
            raise
        if sent_as is not None:
            keep_renamed(self._scope, sent_as, self._field)
        return form


class MultiPartValidator(FormValidator, MultiPartFormDataValidator):
    """multipart/form-data (uploads) checked like a form: the field at fault is named, a part the
    upload does not take too; a body that is not multipart (RFC 7578) at all is a 400, not a 500.
    A schema marked `x-vidmock-one-file-part` takes exactly one file part, whatever its field
    name (`vidmock.http.file_parts`)."""

    _parser: Any = MultiPartParser

    @property
    def _form_parser_cls(self) -> Any:
        return self._parser

    async def _parse(self, stream: Any, scope: Any) -> Any:
        field = file_field(self._schema)
        if field is not None:
            self._parser = functools.partial(_OneFilePartParser, field=field, scope=scope)
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
        super()._validate(body)


def _first_error(validator, instance) -> ValidationError | None:
    return min(validator.iter_errors(instance), key=lambda e: len(e.absolute_path), default=None)


def _path(error: ValidationError) -> list[str]:
    """Where the error is: a missing member or the first member the schema does not take is
    named itself, not the object holding it."""
    path = [str(p) for p in error.absolute_path]
    if error.validator == "required":
        match = re.match(r"'(.+)' is a required property", error.message)
        if match:
            path.append(match.group(1))
    elif error.validator == "additionalProperties" and isinstance(error.instance, dict):
        schema = error.schema if isinstance(error.schema, dict) else {}
        known = schema.get("properties") or {}
        patterns = [re.compile(p) for p in schema.get("patternProperties") or {}]
        extra = [k for k in error.instance if k not in known and not any(p.search(k) for p in patterns)]
        if extra:
            path.append(str(extra[0]))
    return path


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
    shown = repr(error.instance)
    if len(shown) > 80:  # a value of thousands of digits is not echoed whole
        shown = shown[:76] + "...'"
    if expected := schema.get("x-expected"):
        return f"{shown} is not {expected}"
    if fmt := schema.get("format"):
        return f"{shown} is not a valid {fmt}"
    example = schema.get("example", example)
    if example is not None:
        return f"{shown} is not in the expected form, such as {example!r}"
    return f"{shown} is not in the expected form"


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
