"""Negative cases that prove nothing once they are on the wire.

A query string carries text only. When Schemathesis puts a number, boolean, null, list or map
where a parameter takes only strings (`metadata[key]=…` in deepObject style, `tags[]=…`
exploded), what is sent depends on how the client spells it: `5`, `true` and `null` are
valid strings, a map may be sent as its keys, an empty one not at all. Such a request is
mostly valid, so a server that takes it is right and the case proves nothing. The contract runs
and a bare `schemathesis run` from the project's root (through `schemathesis.toml`) both leave
out negative cases whose every mutation is in such a parameter; what those parameters refuse
(a key sent twice, a nested key, a bare `metadata=`) is tested directly.
"""

from __future__ import annotations

from typing import Any


def is_text_on_the_wire(case: Any) -> bool:
    """True for a negative case whose every mutation is in a query parameter that takes only
    strings (an array of strings, or a map to strings)."""
    from schemathesis.core.parameters import ParameterLocation

    mutations = getattr(getattr(getattr(case.meta, "phase", None), "data", None), "mutations", None)
    if not mutations:
        return False
    parameters = case.operation.get_parameter_set(ParameterLocation.QUERY)
    return all(
        mutation.parameter_location == ParameterLocation.QUERY
        and _strings_only(getattr(parameters.get(mutation.parameter), "definition", {}).get("schema", {}))
        for mutation in mutations
    )


def _strings_only(schema: dict[str, Any]) -> bool:
    """An array of strings, or a map to strings."""
    if schema.get("type") == "array":
        values = schema.get("items")
    elif schema.get("type") == "object" and not schema.get("properties"):
        values = schema.get("additionalProperties")
    else:
        return False
    return isinstance(values, dict) and values.get("type") == "string"
