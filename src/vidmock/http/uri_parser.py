"""Query and path parameters read as their OpenAPI `style`/`explode` say (OpenAPI 3.0.3,
"Style Values"): connexion's stock parser joins repeated values with commas and splits them
again, so `tags[]=rock, pop` became two tags. Here a comma splits only where the style puts
one between items.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from connexion.uri_parsing import OpenAPIURIParser

from vidmock.http.numerals import coerce

# The separator between the items of a non-exploded array, per style.
_DELIMITERS = {"form": ",", "simple": ",", "spaceDelimited": " ", "pipeDelimited": "|"}


class StyleAwareURIParser(OpenAPIURIParser):
    """Arrays by style and explode; every other parameter keeps its last value.

    - `form` (the query default), `explode: true` (its default): each repeat is one item,
      `?tags[]=a,b&tags[]=c` -> `["a,b", "c"]`.
    - `form`, `explode: false`; `spaceDelimited`; `pipeDelimited`: one value holding the items
      between delimiters, `?content_id=1,2` -> `[1, 2]`; when repeated the last one counts.
    - `simple` (the path default): comma-separated items.
    - `deepObject`: `?metadata[k]=v` -> `{"k": "v"}`, commas untouched; a key given twice,
      `?metadata[k]=a&metadata[k]=b`, keeps both as `{"k": ["a", "b"]}`, which a schema taking
      one value per key refuses (connexion's own parser kept `a` and dropped `b` unseen).

    Items are coerced to the schema's type where they are spelled as its numerals
    (`vidmock.http.numerals`); anything else is left as text for the parameter validator to refuse.
    """

    @functools.cached_property
    def param_schemas(self) -> dict[str, Any]:
        # connexion builds this dict anew on every look, several times per request; the
        # parameters it is made of are fixed when the parser is.
        return {name: definition.get("schema", {}) for name, definition in self.param_defns.items()}

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
            if schema and schema.get("type") == "array":
                value: Any = self._items(values, definition or {}, _in)
            else:
                value = values[-1]
            resolved[name] = coerce(definition, value, "parameter", name)
        return resolved

    def _make_deep_object(self, key: str, values: list[str]) -> tuple[str, Any, bool]:
        root_key, value, is_deep_object = super()._make_deep_object(key, values)
        if is_deep_object and len(values) > 1:
            # connexion's own path through the brackets; a key with none stands for itself.
            *parents, leaf = re.findall(r"\[([^\[\]]*)\]", key) or [key]
            node = value[0]
            for part in parents:
                node = node[part]
            node[leaf] = list(values)
        return root_key, value, is_deep_object

    def _items(self, values: list[str], definition: dict[str, Any], _in: str) -> list[str]:
        style = definition.get("style", self.style_defaults[_in])
        explode = definition.get("explode", style == "form")
        if explode and style in ("form", "spaceDelimited", "pipeDelimited"):
            return list(values)
        return values[-1].split(_DELIMITERS.get(style, ","))
