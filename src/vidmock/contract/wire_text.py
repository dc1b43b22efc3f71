"""Negative cases that are valid once they are on the wire.

A query string carries text only. When Schemathesis puts a number, boolean or null among the
values of a parameter whose values are all strings (`metadata[key]=…` in deepObject style,
`tags[]=…`), it is sent as its text (`5`, `true`, `null`); when that text is a valid value, the
request is valid and a server that takes it is right, so the case proves nothing. The contract
runs and a bare `schemathesis run` from the project's root (through `schemathesis.toml`) both
leave these out. A list among the values (a key sent twice) or a nested object stays invalid.
"""

from __future__ import annotations

from typing import Any

from vidmock.ecma_patterns import EcmaDraft4Validator

SCALARS = (str, int, float, bool, type(None))


def is_text_on_the_wire(case: Any) -> bool:
    """True for a negative case whose every mutation is in a query parameter of strings and
    whose values there are all scalars whose text the parameter's schema accepts."""
    from schemathesis.core.parameters import ParameterLocation

    mutations = getattr(getattr(getattr(case.meta, "phase", None), "data", None), "mutations", None)
    if not mutations:
        return False
    query = case.query or {}
    for mutation in mutations:
        if mutation.parameter_location != ParameterLocation.QUERY:
            return False
        parameter = case.operation.get_parameter_set(ParameterLocation.QUERY).get(mutation.parameter)
        value_schema = _value_schema(getattr(parameter, "definition", {}).get("schema", {}))
        if value_schema is None or not _valid_as_text(query.get(mutation.parameter), value_schema):
            return False
    return True


def _value_schema(schema: dict[str, Any]) -> dict[str, Any] | None:
    """The schema of each value of an array of strings or of a map to strings, else None."""
    if schema.get("type") == "array":
        values = schema.get("items") or {}
    elif schema.get("type") == "object" and not schema.get("properties"):
        values = schema.get("additionalProperties") or {}
    else:
        return None
    return values if isinstance(values, dict) and values.get("type") == "string" else None


def _valid_as_text(value: Any, schema: dict[str, Any]) -> bool:
    if isinstance(value, dict):
        values = list(value.values())
    elif isinstance(value, list):
        values = value
    else:
        return False
    validator = EcmaDraft4Validator(schema)  # OpenAPI 3.0's schemas, patterns as ECMA-262
    return all(isinstance(v, SCALARS) and validator.is_valid(_wire_text(v)) for v in values)


def _wire_text(value: Any) -> str:
    """A scalar as a query string spells it (JSON's literals for booleans and null)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)
