"""Parameters checked without jsonschema (`vidmock.http.quick_checks`) where their schema is
simple: every value the quick check passes, jsonschema passes too, for every parameter of every
spec; and the parameters most requests send are the ones checked quickly."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from connexion.json_schema import resolve_refs
from jsonschema import Draft4Validator

from vidmock.http.ecma_patterns import EcmaDraft4Validator
from vidmock.http.quick_checks import surely_valid

SPECS = sorted((Path(__file__).resolve().parents[1] / "openapi").glob("*.yaml"))


def parameter_schemas() -> list[tuple[str, dict]]:
    found = []
    for path in SPECS:
        spec = resolve_refs(yaml.safe_load(path.read_text()))
        for route, operations in spec.get("paths", {}).items():
            for method, operation in operations.items():
                if method == "parameters" or not isinstance(operation, dict):
                    continue
                for parameter in operations.get("parameters", []) + operation.get("parameters", []):
                    name = f"{path.stem} {method.upper()} {route} {parameter['in']} {parameter['name']}"
                    found.append((name, parameter.get("schema", {})))
    return found


def probes(schema: dict) -> list:
    """Values near and on every edge the schema draws, of every JSON type."""
    values = [None, True, False, 0, 1, -1, 0.5, 2**31, 2**63, "", "a", "A1-_.~", "é", "x" * 2000, [], {}]
    for key in ("default", "example", "minimum", "maximum"):
        if key in schema:
            edge = schema[key]
            values += [edge]
            if isinstance(edge, (int, float)) and not isinstance(edge, bool):
                values += [edge - 1, edge + 1, edge - 0.5, edge + 0.5, float(edge)]
    for key in ("minLength", "maxLength"):
        if key in schema:
            values += ["a" * (schema[key] + shift) for shift in (-1, 0, 1) if schema[key] + shift >= 0]
    for option in schema.get("enum", []):
        values += [option, f"{option}x", str(option).upper()]
    if "items" in schema:
        values += [[item] for item in probes(schema["items"])] + [probes(schema["items"])[:3]]
    return values


@pytest.mark.parametrize(
    ("name", "schema"), parameter_schemas(), ids=lambda value: value if isinstance(value, str) else ""
)
def test_a_value_the_quick_check_passes_is_one_jsonschema_passes(name, schema):
    quick = surely_valid(schema)
    if quick is None:
        return
    validator = EcmaDraft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
    for value in probes(schema):
        if quick(value):
            assert validator.is_valid(value), (name, value)


def test_most_parameters_are_checked_quickly_and_pass_their_own_defaults():
    schemas = parameter_schemas()
    quick = [(name, schema, surely_valid(schema)) for name, schema in schemas]
    checked = [entry for entry in quick if entry[2] is not None]
    assert len(checked) >= 0.9 * len(schemas), [name for name, _, check in quick if check is None]
    for name, schema, check in checked:
        if "default" in schema:
            assert check(schema["default"]), name


@pytest.mark.parametrize(
    ("schema", "value"),
    [
        ({"type": "integer", "minimum": 1, "maximum": 10}, 11),
        ({"type": "integer"}, True),
        ({"type": "integer"}, 1.0),
        ({"type": "string", "pattern": "^[a-z]+$"}, "A"),
        ({"type": "string", "enum": ["minute", "hour"]}, "day"),
        ({"type": "string", "maxLength": 2}, "abc"),
        ({"type": "array", "items": {"type": "integer"}, "minItems": 1}, []),
        ({"type": "array", "items": {"type": "integer"}}, [1, "2"]),
        ({"type": "boolean"}, "true"),
    ],
)
def test_a_value_the_schema_refuses_is_left_to_jsonschema(schema, value):
    assert not surely_valid(schema)(value)
    assert not EcmaDraft4Validator(schema).is_valid(value)


def test_a_keyword_or_format_it_does_not_know_leaves_the_schema_to_jsonschema():
    assert surely_valid({"type": "string", "format": "date-time"}) is None
    assert surely_valid({"type": "integer", "exclusiveMinimum": True, "minimum": 0}) is None
    assert surely_valid({"type": "object", "additionalProperties": {"type": "string"}}) is None
    assert surely_valid({"type": "string", "enum": []}) is None
