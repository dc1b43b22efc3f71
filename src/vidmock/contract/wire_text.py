"""Negative cases that prove nothing once they are on the wire.

A query string and a form body carry text only. When Schemathesis puts a number, boolean or null
where a value must be a string, it is sent as its text (`5`, `false`, `null`), which may well be
a valid string: a server that takes it is right and the case proves nothing. Two places where
this happens are left out of the contract runs and of a bare `schemathesis run` from the
project's root (through `schemathesis.toml`):

- a query parameter taking only strings with no constraint (api.video's deepObject
  `metadata[key]=…`, exploded `tags[]=…`): whatever is drawn there, a number, null, list or
  map, is sent as text such a parameter takes, or in a form the client decides (a map as its
  keys, an empty one not at all); what those parameters refuse (a key sent twice, a nested key,
  no key) is tested directly;
- a form field (`multipart/form-data`, `application/x-www-form-urlencoded`) of type string whose
  type was changed to a scalar whose text the field's schema accepts (a logo's `link=false`).
"""

from __future__ import annotations

from typing import Any

from vidmock.http.ecma_patterns import EcmaDraft4Validator

FORMS = frozenset({"multipart/form-data", "application/x-www-form-urlencoded"})
CONSTRAINTS = frozenset({"minLength", "maxLength", "pattern", "enum", "const", "format"})
# A null form field is left out of the request, so only these are sent as text.
SCALARS = (str, int, float, bool)


def is_text_on_the_wire(case: Any) -> bool:
    """True for a negative case whose every mutation is one of the two kinds above."""
    mutations = getattr(getattr(getattr(case.meta, "phase", None), "data", None), "mutations", None)
    return bool(mutations) and all(_in_query_of_strings(case, m) or _form_text(case, m) for m in mutations)


def _in_query_of_strings(case: Any, mutation: Any) -> bool:
    from schemathesis.core.parameters import ParameterLocation

    if mutation.parameter_location != ParameterLocation.QUERY:
        return False
    parameter = case.operation.get_parameter_set(ParameterLocation.QUERY).get(mutation.parameter)
    schema = getattr(parameter, "definition", {}).get("schema", {})
    if schema.get("type") == "array":
        values = schema.get("items")
    elif schema.get("type") == "object" and not schema.get("properties"):
        values = schema.get("additionalProperties")
    else:
        return False
    return isinstance(values, dict) and values.get("type") == "string" and not CONSTRAINTS & values.keys()


def _form_text(case: Any, mutation: Any) -> bool:
    from schemathesis.core.mutations import OperatorKind
    from schemathesis.core.parameters import ParameterLocation

    if mutation.parameter_location != ParameterLocation.BODY or mutation.operator != OperatorKind.CHANGE_TYPE:
        return False
    if case.media_type not in FORMS or not isinstance(case.body, dict) or mutation.parameter not in case.body:
        return False
    bodies = [body for body in case.operation.body if body.media_type == case.media_type]
    field = bodies[0].form_properties.get(mutation.parameter, {}) if bodies else {}
    value = case.body[mutation.parameter]
    if field.get("type") != "string" or field.get("format") == "binary" or not isinstance(value, SCALARS):
        return False
    return EcmaDraft4Validator(field).is_valid(_wire_text(value))


def _wire_text(value: Any) -> str:
    """A scalar as a form spells it (JSON's literals for booleans)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
