"""Negative cases that are valid once they are on the wire.

A query string carries text only. When Schemathesis changes the type of a value inside a
parameter whose values are all strings (`metadata[key]=…` in deepObject style, `tags[]=…`), the
number, boolean or null it draws is sent as text, which the schema accepts: a server that takes
it is right, and such a case proves nothing. The contract runs and a bare
`schemathesis run` from the project's root (through `schemathesis.toml`) both leave these out.
"""

from __future__ import annotations

from typing import Any

SCALARS = (str, int, float, bool, type(None))


def is_text_on_the_wire(case: Any) -> bool:
    """True for a negative case whose only mutations change the type of values inside query
    parameters of strings, each value still a scalar (so it is sent as text)."""
    from schemathesis.core.mutations import OperatorKind
    from schemathesis.core.parameters import ParameterLocation

    mutations = getattr(getattr(getattr(case.meta, "phase", None), "data", None), "mutations", None)
    if not mutations:
        return False
    query = case.query or {}
    for mutation in mutations:
        if (
            mutation.parameter_location != ParameterLocation.QUERY
            or mutation.operator != OperatorKind.CHANGE_TYPE
        ):
            return False
        parameter = case.operation.get_parameter_set(ParameterLocation.QUERY).get(mutation.parameter)
        schema = getattr(parameter, "definition", {}).get("schema", {})
        if not _strings_inside(schema) or not _scalars_inside(query.get(mutation.parameter)):
            return False
    return True


def _strings_inside(schema: dict[str, Any]) -> bool:
    """An array of strings, or an object whose every value is a string."""
    if schema.get("type") == "array":
        return (schema.get("items") or {}).get("type") == "string"
    if schema.get("type") == "object":
        values = [*(schema.get("properties") or {}).values(), schema.get("additionalProperties") or {}]
        return all(isinstance(v, dict) and v.get("type") == "string" for v in values)
    return False


def _scalars_inside(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(v, SCALARS) for v in value.values())
    if isinstance(value, list):
        return all(isinstance(v, SCALARS) for v in value)
    return False
