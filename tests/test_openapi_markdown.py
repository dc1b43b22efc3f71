"""The control API's reference page is rendered from its OpenAPI document when the docs site is
built (tools/docs/openapi_markdown.py, called by the site's hook tools/docs/mkdocs_hooks.py):
an operation becomes a section with its body and answers, a named schema a section its `$ref`s
link to, and a page marker `<!-- openapi: PATH -->` the whole document."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

TOOLS = Path(__file__).resolve().parents[1] / "tools" / "docs"


def load(name: str):
    # The hook imports its renderer by name, as MkDocs loads it: from the hook's own folder.
    sys.path.insert(0, str(TOOLS))
    try:
        spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(TOOLS))


openapi_markdown = load("openapi_markdown")
mkdocs_hooks = load("mkdocs_hooks")

CLOCK = {
    "openapi": "3.0.3",
    "info": {"title": "clock", "version": "1", "description": "The mock's clock."},
    "servers": [{"url": "/__admin"}],
    "paths": {
        "/clock": {
            "put": {
                "summary": "Move the clock",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "advance": {"type": "string", "x-expected": "a duration such as 90m"}
                                },
                            },
                            "example": {"advance": "1h"},
                        }
                    },
                },
                "responses": {
                    "400": {"$ref": "#/components/responses/Problem"},
                    "200": {
                        "description": "The clock after the change",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Clock"}}},
                    },
                },
            }
        }
    },
    "components": {
        "responses": {
            "Problem": {
                "description": "A problem",
                "content": {
                    "application/problem+json": {
                        "schema": {"type": "object", "properties": {"title": {"type": "string"}}}
                    }
                },
            }
        },
        "schemas": {
            "Clock": {
                "type": "object",
                "required": ["now"],
                "properties": {
                    "now": {"type": "string", "format": "date-time"},
                    "frozen": {"type": "boolean", "nullable": True},
                },
            }
        },
    },
}

CLOCK_PAGE = """The mock's clock.

| operation | what it does |
|---|---|
| [`PUT /__admin/clock`](#op-put-clock) | Move the clock |

## Operations

### `PUT /__admin/clock` {#op-put-clock}

Move the clock.

**Request body** (`application/json`, required)

| property | type | description |
|---|---|---|
| `advance` | string, a duration such as 90m |  |

Example:

```json
{"advance": "1h"}
```

**Responses**

| status | description | body |
|---|---|---|
| 200 | The clock after the change | `application/json`: [Clock](#schema-clock) |
| 400 | A problem | `application/problem+json`: object |

The 400 answer's `application/problem+json` body:

| property | type | description |
|---|---|---|
| `title` | string |  |

## Schemas

### Clock {#schema-clock}

| property | type | description |
|---|---|---|
| `now` (required) | string (date-time) |  |
| `frozen` | boolean, nullable |  |
"""


def test_a_document_is_one_page_of_operations_and_schemas():
    assert openapi_markdown.render(CLOCK) == CLOCK_PAGE


@pytest.mark.parametrize(
    ("schema", "words"),
    [
        (
            {"type": "integer", "minimum": 0, "maximum": 100, "default": 100},
            "integer, 0 to 100, default `100`",
        ),
        ({"type": "string", "maxLength": 50}, "string, at most 50 characters"),
        ({"type": "string", "minLength": 1}, "string, at least 1 character"),
        ({"type": "string", "enum": ["store", "api"]}, "string, one of `store`, `api`"),
        ({"type": "boolean", "enum": [True]}, "boolean, always `true`"),
        (
            {"type": "array", "items": {"$ref": "#/components/schemas/Clock"}},
            "array of [Clock](#schema-clock)",
        ),
        ({"type": "object", "additionalProperties": {"type": "integer"}}, "map of integer"),
        ({"type": "string", "readOnly": True, "nullable": True}, "string, nullable, read-only"),
        ({}, "any"),
    ],
)
def test_a_schema_in_words(schema, words):
    assert openapi_markdown.type_of(CLOCK, schema) == words


def test_a_table_cell_keeps_to_one_line_and_escapes_its_pipes():
    assert openapi_markdown.cell("one of\n  `a|b`") == "one of `a\\|b`"


def test_a_ref_that_loops_is_refused_by_name():
    spec = {"components": {"schemas": {"A": {"$ref": "#/components/schemas/A"}}}}
    with pytest.raises(ValueError, match="cannot follow \\$ref '#/components/schemas/A'"):
        openapi_markdown.resolve(spec, {"$ref": "#/components/schemas/A"})


def test_the_marker_on_a_page_becomes_the_document(tmp_path):
    (tmp_path / "openapi").mkdir()
    (tmp_path / "openapi" / "clock.yaml").write_text(json.dumps(CLOCK))  # JSON is YAML
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"))
    page = "# Clock reference\n\n<!-- openapi: openapi/clock.yaml -->\n"
    assert mkdocs_hooks.on_page_markdown(page, None, config, None) == f"# Clock reference\n\n{CLOCK_PAGE}\n"


def test_a_missing_document_fails_the_build_naming_it(tmp_path):
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"))
    with pytest.raises(PluginError, match=r"cannot render the OpenAPI document openapi/gone\.yaml"):
        mkdocs_hooks.on_page_markdown("<!-- openapi: openapi/gone.yaml -->\n", None, config, None)
