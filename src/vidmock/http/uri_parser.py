"""Query and path parameters, and form fields, read as their OpenAPI `style`/`explode` say
(OpenAPI 3.0.3, "Style Values"): connexion's stock parser joins repeated values with commas and
splits them again, so `tags[]=rock, pop` became two tags. Here a comma splits only where the
style puts one between items, and only an exploded array may be repeated: any other parameter
sent twice is refused (connexion kept its last value and dropped the others unseen).
"""

from __future__ import annotations

import functools
from typing import Any

from connexion.uri_parsing import OpenAPIURIParser

from vidmock.http.errors import repeated_parameter
from vidmock.http.numerals import coerce

# The separator between the items of a non-exploded array, per style.
_DELIMITERS = {"form": ",", "simple": ",", "spaceDelimited": " ", "pipeDelimited": "|"}
# The styles whose exploded arrays repeat the parameter, one item each.
_REPEATABLE = ("form", "spaceDelimited", "pipeDelimited")


class StyleAwareURIParser(OpenAPIURIParser):
    """Arrays by style and explode; every other parameter takes one value.

    - `form` (the query default), `explode: true` (its default): each repeat is one item,
      `?tags[]=a,b&tags[]=c` -> `["a,b", "c"]`.
    - `form`, `explode: false`; `spaceDelimited`; `pipeDelimited`: one value holding the items
      between delimiters, `?content_id=1,2` -> `[1, 2]`.
    - `simple` (the path default): comma-separated items.
    - `deepObject`: `?metadata[k]=v` -> `{"k": "v"}`, commas untouched.
    - `form`, `explode: true` object (a free-form query, e.g. the options a player page takes):
      every query key no other parameter declares becomes one of its properties,
      `?a=1&b=2` -> `{"a": "1", "b": "2"}`, so strict validation lets them through.
    - Form fields (`application/x-www-form-urlencoded`, the text parts of `multipart/form-data`):
      an array field takes one item per repeat, any other field one value.

    Anything else sent twice (`?_limit=1&_limit=2`, `?content_id=1&content_id=2`,
    `?metadata[k]=a&metadata[k]=b`, a form's `grant_type` twice) raises `ApiError` 400 naming the
    parameter: which value was meant is a guess the mock does not make.

    Items are coerced to the schema's type where they are spelled as its numerals
    (`vidmock.http.numerals`); anything else is left as text for the parameter validator to refuse.
    """

    @functools.cached_property
    def param_schemas(self) -> dict[str, Any]:
        # connexion builds this dict anew on every look, several times per request; the
        # parameters it is made of are fixed when the parser is.
        return {name: definition.get("schema", {}) for name, definition in self.param_defns.items()}

    @functools.cached_property
    def free_form_query(self) -> str | None:
        """The query parameter that holds every undeclared key, if the operation has one."""
        for name, definition in self.param_defns.items():
            if definition.get("in") != "query" or self.param_schemas[name].get("type") != "object":
                continue
            style = definition.get("style", "form")
            if style == "form" and definition.get("explode", True):
                return name
        return None

    def resolve_query(self, query_data: dict[str, Any]) -> dict[str, Any]:
        holder = self.free_form_query
        if holder is None:
            return super().resolve_query(query_data)
        query_data = self._preprocess_deep_objects(query_data)
        # Its own name is no parameter on the wire (an exploded object has none): a key like any other.
        declared = {name for name, d in self.param_defns.items() if d.get("in") == "query"} - {holder}
        loose = {name: query_data.pop(name) for name in list(query_data) if name not in declared}
        resolved = self.resolve_params(query_data, "query")
        properties: dict[str, str] = {}
        for name, values in loose.items():
            if len(values) > 1:
                raise repeated_parameter("query", name, len(values), "it takes one value")
            properties[name] = values[0]
        if properties:
            resolved[holder] = properties
        return resolved

    def resolve_params(self, params: dict[str, Any], _in: str) -> dict[str, Any]:
        resolved: dict[str, Any] = {}
        for name, values in params.items():
            definition = self.param_defns.get(name)
            schema = self.param_schemas.get(name)
            if not (definition or schema):
                resolved[name] = values  # unknown: strict validation refuses it
                continue
            if _in == "path":
                values = [values]
            elif len(values) > 1 and not self._exploded(definition or {}, schema or {}, _in):
                raise repeated_parameter(
                    _in, name, len(values), self._one_value_hint(name, definition or {}, _in)
                )
            if schema and schema.get("type") == "array":
                value: Any = self._items(values, definition or {}, _in)
            else:
                value = values[-1]
            resolved[name] = coerce(definition, value, "parameter", name)
        return resolved

    def _make_deep_object(self, key: str, values: list[str]) -> tuple[str, Any, bool]:
        root_key, value, is_deep_object = super()._make_deep_object(key, values)
        if is_deep_object and len(values) > 1:
            raise repeated_parameter(
                "query", root_key, len(values), f"each key of {root_key} takes one value", key
            )
        return root_key, value, is_deep_object

    def resolve_form(self, form_data: dict[str, list[Any]]) -> dict[str, Any]:
        if not isinstance(self._body_schema, dict) or self._body_schema.get("type") != "object":
            return form_data
        fields = self._body_schema.get("properties", {})
        resolved: dict[str, Any] = {}
        for name, values in form_data.items():
            schema = fields.get(name)
            if schema is None:
                # Not the form's field: strict validation or `additionalProperties` decides.
                resolved[name] = values[-1] if len(values) == 1 else list(values)
                continue
            encoding = self._body_encoding.get(name, {})
            if schema.get("type") == "array" and encoding.get("explode", True):
                resolved[name] = coerce(schema, list(values), "requestBody", name)
            elif len(values) > 1:
                raise repeated_parameter("form", name, len(values), "it takes one value")
            elif schema.get("type") == "array":
                resolved[name] = coerce(schema, values[0].split(","), "requestBody", name)
            else:
                resolved[name] = coerce(schema, values[0], "requestBody", name)
        return resolved

    def _exploded(self, definition: dict[str, Any], schema: dict[str, Any], _in: str) -> bool:
        """Whether the parameter is an array that takes one item per repeat."""
        style = definition.get("style", self.style_defaults[_in])
        explode = definition.get("explode", style == "form")
        return schema.get("type") == "array" and explode and style in _REPEATABLE

    def _one_value_hint(self, name: str, definition: dict[str, Any], _in: str) -> str:
        if definition.get("schema", {}).get("type") != "array":
            return "it takes one value"
        delimiter = _DELIMITERS.get(definition.get("style", self.style_defaults[_in]), ",")
        return f"its items go in one value, separated by {delimiter!r} ({name}=1{delimiter}2)"

    def _items(self, values: list[str], definition: dict[str, Any], _in: str) -> list[str]:
        if self._exploded(definition, definition.get("schema", {}), _in):
            return list(values)
        style = definition.get("style", self.style_defaults[_in])
        return values[0].split(_DELIMITERS.get(style, ","))
