"""Which spec operation a routed request reached: its API key, path template and responses.

Connexion's routing middleware leaves only the operationId and the API's base path in
`scope["extensions"]["connexion_routing"]`; this table, built from the same specs, adds the
path template a fault rule matches, the responses a `Prefer` header picks from, and what a
forced error of the operation is built from (its fields, its security schemes, the vendor's
builder: see vidmock.faults.forced).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.types import Scope

from vidmock.specs.documents import deref, shared
from vidmock.specs.handlers import EXTENSION

_VERBS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@dataclass(frozen=True)
class Field:
    """A field of an operation's request, as its validators name it."""

    location: str  # query | path | header | cookie (parameters), body (JSON), form (a form's field)
    name: str
    required: bool


@dataclass(frozen=True)
class Route:
    api: str
    prefix: str  # where the API is mounted, e.g. /apivideo
    template: str  # the spec's path, e.g. /videos/{videoId}
    operation_id: str  # e.g. LIST-videos
    responses: dict[str, Any]  # status (or "default") -> slim_response()
    fields: tuple[Field, ...] = ()  # parameters, then body properties, in the spec's order
    security: tuple[str, ...] = ()  # the names of the security schemes it accepts
    # Builds the operation's forced errors (a vidmock.faults.forced.ForcedErrors).
    forced_error: Callable[..., Any] | None = field(default=None, compare=False)
    # The import path of the function serving it (see vidmock.specs.handlers).
    handler: str = ""


class RouteTable:
    def __init__(self) -> None:
        self._routes: dict[tuple[str, str, str], Route] = {}
        self._prefixes: list[tuple[str, str]] = []

    def add(
        self, prefix: str, api: str, spec_name: str, forced_error: Callable[..., Any] | None = None
    ) -> None:
        """Register the operations of `spec_name`, mounted at `prefix` for API `api`, whose
        forced errors `forced_error` builds."""
        spec = shared(spec_name)
        prefix = prefix.rstrip("/")
        self._prefixes.append((prefix, api))
        self._prefixes.sort(key=lambda p: -len(p[0]))
        for template, item in spec.get("paths", {}).items():
            for verb in _VERBS:
                operation = item.get(verb)
                if not operation or "operationId" not in operation:
                    continue
                responses = {
                    str(code): slim_response(spec, response)
                    for code, response in operation.get("responses", {}).items()
                }
                route = Route(
                    api,
                    prefix,
                    template,
                    operation["operationId"],
                    responses,
                    fields=_fields(spec, item, operation),
                    security=tuple(
                        name
                        for requirement in operation.get("security", spec.get("security", []))
                        for name in requirement
                    ),
                    forced_error=forced_error,
                    handler=operation.get(EXTENSION, operation["operationId"]),
                )
                self._routes[(prefix, verb.upper(), operation["operationId"])] = route

    def api_of(self, path: str) -> tuple[str, str] | None:
        """(api key, mount prefix) owning `path`, longest prefix first; None outside every API."""
        for prefix, api in self._prefixes:
            if path == prefix or path.startswith(prefix + "/") or prefix == "":
                return api, prefix
        return None

    def route_of(self, scope: Scope) -> Route | None:
        """The operation routing resolved for this request; None when no operation matched."""
        routing = scope.get("extensions", {}).get("connexion_routing", {})
        operation_id = routing.get("operation_id")
        if operation_id is None:
            return None
        base = (routing.get("api_base_path") or "").rstrip("/")
        return self._routes.get((base, scope["method"], operation_id))


def _fields(spec: dict[str, Any], item: dict[str, Any], operation: dict[str, Any]) -> tuple[Field, ...]:
    """The operation's parameters (the path item's first) and its body's top-level properties."""
    fields = []
    for parameter in [*item.get("parameters", []), *operation.get("parameters", [])]:
        parameter = deref(spec, parameter)
        fields.append(Field(parameter["in"], parameter["name"], bool(parameter.get("required"))))
    content = (deref(spec, operation.get("requestBody")) or {}).get("content") or {}
    for media_type, entry in list(content.items())[:1]:
        location = "form" if media_type in _FORM_TYPES else "body"
        schema = deref(spec, (entry or {}).get("schema")) or {}
        parts = [schema, *(deref(spec, member) for member in schema.get("allOf", []))]
        required = {name for part in parts for name in part.get("required", [])}
        for part in parts:
            fields.extend(Field(location, name, name in required) for name in part.get("properties", {}))
    return tuple(fields)


def slim_response(spec: dict[str, Any], response: Any) -> dict[str, Any]:
    """A response reduced to what `Prefer` reads: `{"content": {media type: {"example"?,
    "examples"?: {name: value}}}}`, every `$ref` followed."""
    response = deref(spec, response)
    content: dict[str, Any] = {}
    for media_type, entry in (response.get("content") or {}).items():
        entry = deref(spec, entry) or {}
        slim: dict[str, Any] = {}
        if "example" in entry:
            slim["example"] = entry["example"]
        if "examples" in entry:
            slim["examples"] = {
                name: deref(spec, example).get("value") for name, example in entry["examples"].items()
            }
        content[media_type] = slim
    return {"content": content}
