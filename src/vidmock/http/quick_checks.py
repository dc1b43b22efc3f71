"""What a parameter's schema surely lets through, told without jsonschema.

Most parameters are a string, a number in bounds, a boolean or a list of those, and almost every
request sends values they take: jsonschema's walk over the schema cost about 6 µs a parameter,
for a yes known in well under one. Only a yes is trusted: a value the quick check does not pass,
or a schema with any keyword it does not know, goes to jsonschema, which says what is wrong in
its own words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vidmock.http.ecma_patterns import compile_pattern

Check = Callable[[Any], bool]
# Keywords that constrain nothing.
_ANNOTATIONS = frozenset({"default", "description", "example", "title", "x-expected"})
# Formats Draft 4's format checker does not check (it checks date-time, email, ipv4...).
_UNCHECKED_FORMATS = frozenset({None, "int32", "int64", "float", "double"})


def surely_valid(schema: Any) -> Check | None:
    """A check that is true only for values `schema` takes (under Draft 4, patterns as ECMA-262),
    or None for a schema it cannot tell about."""
    if not isinstance(schema, dict):
        return None
    keywords = set(schema) - _ANNOTATIONS
    kind = schema.get("type")
    if kind in ("integer", "number"):
        if (
            keywords - {"type", "minimum", "maximum", "format"}
            or schema.get("format") not in _UNCHECKED_FORMATS
        ):
            return None
        return _number(int if kind == "integer" else None, schema.get("minimum"), schema.get("maximum"))
    if kind == "string":
        enum = schema.get("enum")
        if keywords - {"type", "minLength", "maxLength", "pattern", "enum"} or (
            enum is not None and not (enum and all(isinstance(option, str) for option in enum))
        ):
            return None
        pattern = compile_pattern(schema["pattern"]) if "pattern" in schema else None
        options = None if enum is None else frozenset(enum)
        return _string(schema.get("minLength", 0), schema.get("maxLength"), options, pattern)
    if kind == "boolean":
        return None if keywords - {"type"} else _boolean
    if kind == "array":
        items = surely_valid(schema["items"]) if "items" in schema else _anything
        if items is None or keywords - {"type", "items", "minItems", "maxItems"}:
            return None
        return _array(items, schema.get("minItems", 0), schema.get("maxItems"))
    return None


def _number(only: type | None, low: Any, high: Any) -> Check:
    def check(value: Any) -> bool:
        kind = type(value)
        return (
            (kind is int or (only is None and kind is float))
            and (low is None or value >= low)
            and (high is None or value <= high)
        )

    return check


def _string(shortest: int, longest: int | None, options: frozenset[str] | None, pattern: Any) -> Check:
    def check(value: Any) -> bool:
        return (
            type(value) is str
            and shortest <= len(value)
            and (longest is None or len(value) <= longest)
            and (options is None or value in options)
            and (pattern is None or pattern.find(value) is not None)
        )

    return check


def _array(items: Check, fewest: int, most: int | None) -> Check:
    def check(value: Any) -> bool:
        return (
            type(value) is list
            and fewest <= len(value)
            and (most is None or len(value) <= most)
            and all(items(item) for item in value)
        )

    return check


def _boolean(value: Any) -> bool:
    return type(value) is bool


def _anything(value: Any) -> bool:
    return True
