"""An OpenAPI 3.0 document as one Markdown page: its description, a list of its operations, each
operation (parameters, request body, responses) and its named schemas, every `$ref` to a schema a
link to that schema's section.

Written for the control API's `openapi/admin.yaml` (rendered into the docs site by
`mkdocs_hooks.py`), but it reads any document that keeps to what that one uses: `$ref`s within
the document (`#/components/...`), `parameters` at path and operation level, JSON bodies.
"""

from __future__ import annotations

import json
import re
from typing import Any

METHODS = ("get", "put", "post", "patch", "delete", "head", "options")
# How deep the properties of an inline object are listed (`apis[].prefixes`) before "object".
DEPTH = 3


def render(spec: dict[str, Any]) -> str:
    """The Markdown of `spec` (a parsed OpenAPI 3.0 document): `## Operations` with a `###`
    section per operation (anchor `op-<method>-<path>`), `## Schemas` with a `###` section per
    component schema (anchor `schema-<name>`). Headings start at level 2: the page has its own title."""
    prefix = (spec.get("servers") or [{}])[0].get("url", "").rstrip("/")
    operations = [
        (method, path, item, item[method])
        for path, item in spec.get("paths", {}).items()
        for method in METHODS
        if method in item
    ]
    out = [text(spec.get("info", {}).get("description", "")), ""]
    out += ["| operation | what it does |", "|---|---|"]
    for method, path, _, operation in operations:
        link = f"[`{method.upper()} {prefix}{path}`](#{operation_anchor(method, path)})"
        out.append(f"| {link} | {cell(summary(operation))} |")
    out += ["", "## Operations", ""]
    for method, path, item, operation in operations:
        out += render_operation(spec, method, path, prefix, item, operation)
    schemas = spec.get("components", {}).get("schemas", {})
    if schemas:
        out += ["## Schemas", ""]
        for name, schema in schemas.items():
            out += [f"### {name} {{#{schema_anchor(name)}}}", ""]
            out += render_schema(spec, schema)
    return "\n".join(out).rstrip() + "\n"


def operation_anchor(method: str, path: str) -> str:
    return "op-" + slug(f"{method} {path}")


def schema_anchor(name: str) -> str:
    return "schema-" + slug(name)


def slug(words: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")


def summary(operation: dict[str, Any]) -> str:
    return operation.get("summary") or first_sentence(operation.get("description", ""))


def first_sentence(words: str) -> str:
    return re.split(r"(?<=\.)\s", " ".join(words.split()), maxsplit=1)[0]


def render_operation(
    spec: dict[str, Any], method: str, path: str, prefix: str, item: dict[str, Any], operation: dict[str, Any]
) -> list[str]:
    """One operation's section: summary, description, parameters (the path's and its own),
    request body, responses."""
    out = [f"### `{method.upper()} {prefix}{path}` {{#{operation_anchor(method, path)}}}", ""]
    if operation.get("summary"):
        out += [operation["summary"].rstrip(".") + ".", ""]
    if operation.get("description"):
        out += [text(operation["description"]), ""]
    parameters = [resolve(spec, p) for p in [*item.get("parameters", []), *operation.get("parameters", [])]]
    if parameters:
        out += ["**Parameters**", "", "| name | in | type | description |", "|---|---|---|---|"]
        for parameter in parameters:
            name = f"`{parameter['name']}`" + (" (required)" if parameter.get("required") else "")
            out.append(
                f"| {name} | {parameter['in']} | {cell(type_of(spec, parameter.get('schema', {})))} "
                f"| {cell(parameter.get('description', ''))} |"
            )
        out.append("")
    if "requestBody" in operation:
        body = resolve(spec, operation["requestBody"])
        for media_type, content in body.get("content", {}).items():
            required = ", required" if body.get("required") else ""
            out += [f"**Request body** (`{media_type}`{required})", ""]
            out += render_schema(spec, content.get("schema", {}))
            out += render_examples(content)
    responses = sorted(operation.get("responses", {}).items())
    out += ["**Responses**", "", "| status | description | body |", "|---|---|---|"]
    inline = []
    for status, response in responses:
        response = resolve(spec, response)
        bodies = []
        for media_type, content in response.get("content", {}).items():
            schema = content.get("schema", {})
            bodies.append(f"`{media_type}`: {type_of(spec, schema)}")
            if rows := property_rows(spec, schema, "", DEPTH) if "$ref" not in schema else []:
                inline += [f"The {status} answer's `{media_type}` body:", ""]
                inline += ["| property | type | description |", "|---|---|---|", *rows, ""]
        out.append(f"| {status} | {cell(response.get('description', ''))} | {cell('; '.join(bodies))} |")
    return [*out, "", *inline]


def render_schema(spec: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    """A schema's description and, for an object, a table of its properties (nested inline
    objects flattened to dotted names); otherwise its type in a line."""
    out = []
    if schema.get("description") and "$ref" not in schema:
        out += [text(schema["description"]), ""]
    rows = property_rows(spec, schema, "", DEPTH) if "$ref" not in schema else []
    if rows:
        out += ["| property | type | description |", "|---|---|---|", *rows, ""]
    else:
        out += [f"Type: {type_of(spec, schema)}.", ""]
    return out


def property_rows(spec: dict[str, Any], schema: dict[str, Any], prefix: str, depth: int) -> list[str]:
    required = set(schema.get("required", []))
    rows = []
    for name, prop in schema.get("properties", {}).items():
        label = f"`{prefix}{name}`" + (" (required)" if name in required else "")
        rows.append(f"| {label} | {cell(type_of(spec, prop))} | {cell(prop.get('description', ''))} |")
        if depth > 1 and "$ref" not in prop:
            inner, mark = (prop.get("items", {}), "[]") if prop.get("type") == "array" else (prop, "")
            if "$ref" not in inner and inner.get("properties"):
                rows += property_rows(spec, inner, f"{prefix}{name}{mark}.", depth - 1)
    return rows


def render_examples(content: dict[str, Any]) -> list[str]:
    examples = []
    if "example" in content:
        examples.append(("Example", content["example"]))
    for name, example in content.get("examples", {}).items():
        examples.append((example.get("summary", name), example.get("value")))
    out = []
    for title, value in examples:
        out += [f"{title.rstrip('.')}:", "", "```json", json.dumps(value, ensure_ascii=False), "```", ""]
    return out


def type_of(spec: dict[str, Any], schema: dict[str, Any]) -> str:
    """A schema in words: `string (date-time)`, `array of [Clock](#schema-clock)`, `integer,
    0 to 100, default 100`, `string, one of `a`, `b``, with `nullable` and `read-only` when so."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if schema["$ref"].startswith("#/components/schemas/"):
            return f"[{name}](#{schema_anchor(name)})"
        return type_of(spec, resolve(spec, schema))
    kind = schema.get("type")
    if kind == "array":
        words = f"array of {type_of(spec, schema.get('items', {}))}"
    elif kind == "object" or (kind is None and ("properties" in schema or "additionalProperties" in schema)):
        extra = schema.get("additionalProperties")
        mapping = isinstance(extra, dict) and not schema.get("properties")
        words = f"map of {type_of(spec, extra)}" if mapping else "object"
    elif kind is None:
        words = "any"
    else:
        words = kind + (f" ({schema['format']})" if "format" in schema else "")
    facts = []
    if len(schema.get("enum", [])) == 1:
        facts.append("always " + literal(schema["enum"][0]))
    elif "enum" in schema:
        facts.append("one of " + ", ".join(literal(value) for value in schema["enum"]))
    low = schema.get("minimum", schema.get("minLength"))
    high = schema.get("maximum", schema.get("maxLength"))
    unit = " characters" if "minLength" in schema or "maxLength" in schema else ""
    unit = unit.rstrip("s") if unit and (high if high is not None else low) == 1 else unit
    if low is not None and high is not None:
        facts.append(f"{low} to {high}{unit}")
    elif low is not None:
        facts.append(f"at least {low}{unit}")
    elif high is not None:
        facts.append(f"at most {high}{unit}")
    if "x-expected" in schema:
        facts.append(schema["x-expected"])
    if "default" in schema:
        facts.append(f"default `{json.dumps(schema['default'])}`")
    if schema.get("nullable"):
        facts.append("nullable")
    if schema.get("readOnly"):
        facts.append("read-only")
    return ", ".join([words, *facts])


def literal(value: Any) -> str:
    """A value of an enum as code: strings as they are, anything else as JSON (`true`, `1`)."""
    return f"`{value}`" if isinstance(value, str) else f"`{json.dumps(value)}`"


def resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """`node`, or what its `$ref` (`#/a/b/c`, within `spec`) points at, followed to the end."""
    seen = set()
    while "$ref" in node:
        ref = node["$ref"]
        if ref in seen or not ref.startswith("#/"):
            raise ValueError(f"cannot follow $ref {ref!r}")
        seen.add(ref)
        target: Any = spec
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def text(words: str) -> str:
    """A description as Markdown paragraphs (YAML block text keeps its line breaks)."""
    return words.strip()


def cell(words: str) -> str:
    """Text for one table cell: one line, its pipes escaped."""
    return " ".join(words.split()).replace("|", "\\|")
