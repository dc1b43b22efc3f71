"""What of an OpenAPI document two specs of one API are compared on: per operation (`POST
/videos`), its operationId, its parameters (where, name, required, type), its request body's
fields and, per documented status, its JSON answer's fields (a dotted path each: `assets.hls`,
`metadata[].key`, with its type and whether it is required). Descriptions, examples and
validation keywords are left out: they say how, not what."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vidmock.specs.documents import deref

VERBS = ("get", "put", "post", "delete", "patch", "head")
# Deeper than any field either spec of an API names.
MAX_DEPTH = 8


@dataclass(frozen=True)
class Field:
    type: str  # string, integer, object, array, ..., or "any"
    required: bool


@dataclass
class OperationFacts:
    operation_id: str | None
    parameters: dict[str, Field] = field(default_factory=dict)  # "query pageSize" -> Field
    request: dict[str, Field] = field(default_factory=dict)  # "metadata[].key" -> Field
    responses: dict[str, dict[str, Field]] = field(default_factory=dict)  # "200" -> fields


def _merged(spec: dict[str, Any], schema: Any) -> dict[str, Any]:
    """A schema with its `allOf` members folded in (properties and required lists joined)."""
    schema = deref(spec, schema) or {}
    if not isinstance(schema, dict) or "allOf" not in schema:
        return schema if isinstance(schema, dict) else {}
    merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    for member in schema["allOf"]:
        part = _merged(spec, member)
        merged.setdefault("properties", {}).update(part.get("properties", {}))
        merged["required"] = [*merged.get("required", []), *part.get("required", [])]
        for key in ("type", "items", "additionalProperties"):
            if key in part and key not in merged:
                merged[key] = part[key]
    return merged


def type_of(spec: dict[str, Any], schema: Any) -> str:
    schema = _merged(spec, schema)
    if "type" in schema:
        return str(schema["type"])
    if "properties" in schema:
        return "object"
    for key in ("oneOf", "anyOf"):
        if key in schema:
            types = sorted({type_of(spec, member) for member in schema[key]})
            return "|".join(types)
    return "any"


def fields(
    spec: dict[str, Any], schema: Any, prefix: str = "", seen: tuple[str, ...] = ()
) -> dict[str, Field]:
    """Every named field under `schema`, by dotted path (`[]` for an array's items). A schema met
    again inside itself (a problem listing problems) is not followed again."""
    found: dict[str, Field] = {}
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if ref in seen or len(seen) > MAX_DEPTH:
        return found
    seen = (*seen, ref) if ref else (*seen, "")
    schema = _merged(spec, schema)
    if not schema:
        return found
    if type_of(spec, schema) == "array" and "items" in schema:
        return fields(spec, schema["items"], f"{prefix}[]", seen)
    required = set(schema.get("required", []))
    for name, member in (schema.get("properties") or {}).items():
        path = f"{prefix}.{name}" if prefix else name
        found[path] = Field(type_of(spec, member), name in required)
        found.update(fields(spec, member, path, seen))
    return found


def _json_schema(spec: dict[str, Any], holder: Any) -> Any:
    """The schema of the JSON (or form) content of a request body or response, if any."""
    content = (deref(spec, holder) or {}).get("content") or {}
    for media_type, entry in content.items():
        if "json" in media_type or media_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            return (deref(spec, entry) or {}).get("schema")
    return None


def operations(spec: dict[str, Any]) -> dict[str, OperationFacts]:
    """Per operation label (`GET /videos/{videoId}`), its facts."""
    found = {}
    for path, item in (spec.get("paths") or {}).items():
        for verb in VERBS:
            operation = item.get(verb)
            if not isinstance(operation, dict):
                continue
            facts = OperationFacts(operation.get("operationId"))
            for parameter in [*item.get("parameters", []), *operation.get("parameters", [])]:
                parameter = deref(spec, parameter)
                key = f"{parameter['in']} {parameter['name']}"
                facts.parameters[key] = Field(
                    type_of(spec, parameter.get("schema")), bool(parameter.get("required"))
                )
            body = _json_schema(spec, operation.get("requestBody"))
            if body is not None:
                facts.request = fields(spec, body)
            for status, response in (operation.get("responses") or {}).items():
                schema = _json_schema(spec, response)
                facts.responses[str(status)] = fields(spec, schema) if schema is not None else {}
            found[f"{verb.upper()} {path}"] = facts
    return found
