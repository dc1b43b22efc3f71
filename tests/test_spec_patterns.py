"""Every `pattern` of every spec means the same to an ECMA-262 engine (what Swagger UI, Prism and
JavaScript clients use) as to the server's validators.

Each pattern is compiled with regress twice: without flags (`new RegExp(pattern)`, as Swagger UI
does) and in Unicode mode. Both must agree with the validators the server is wired with (parameter,
JSON body, response) on sample values: the spec's own examples and defaults, the ids of a seeded
world, and near misses of each (a trailing newline, spaces, the last character dropped or changed).
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from typing import Any

import pytest
import regress
import yaml
from jsonschema import Draft4Validator
from starlette.testclient import TestClient

from vidmock.app import create_app
from vidmock.config import Config
from vidmock.http.ecma_patterns import EcmaDraft4Validator, PatternError, check_patterns
from vidmock.http.validators import VALIDATORS
from vidmock.reltime import SIGNED_PATTERN
from vidmock.specs.documents import spec_dir

SPECS = sorted(path.name for path in spec_dir().glob("*.yaml"))
# The export tables of each spec's vendor: their strings are the ids a user copies into a request.
TABLES = {
    "apivideo.yaml": "apivideo_",
    "ibm-analytics.yaml": "ibm_",
    "jtv-metax.yaml": "jtv_",
    "nomad-media.yaml": "nomad_",
    "syngrafii.yaml": "syngrafii_",
}


def _resolve(spec: dict, node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _walk(spec: dict, node: Any, found: dict[str, set[str]], hints: tuple[Any, ...] = ()) -> None:
    """`found[pattern]` gathers the example values given for schemas carrying it: the schema's
    own `example`/`default`/`enum`, the enclosing parameter's or media type's example (`hints`),
    and the matching property of an enclosing object's example."""
    node = _resolve(spec, node)
    if isinstance(node, list):
        for item in node:
            _walk(spec, item, found, hints)
        return
    if not isinstance(node, dict):
        return
    own = [node[key] for key in ("example", "default") if key in node]
    own += list(node.get("enum", []))
    own += [example.get("value") for example in _resolve(spec, node.get("examples", {})).values()]
    if isinstance(node.get("pattern"), str):
        found[node["pattern"]].update(v for v in (*own, *hints) if isinstance(v, str))
    for key, value in node.items():
        if key in ("example", "examples", "default", "enum", "pattern"):
            continue
        if key == "properties" and isinstance(value, dict):
            for name, sub in value.items():
                parents = [h.get(name) for h in (*own, *hints) if isinstance(h, dict)]
                _walk(spec, sub, found, tuple(parents))
        elif key in ("schema", "content", "items", "allOf", "anyOf", "oneOf", "additionalProperties"):
            _walk(spec, value, found, tuple(own) + hints)
        else:
            _walk(spec, value, found)


@cache
def patterns_of(name: str) -> dict[str, frozenset[str]]:
    """pattern -> the spec's example values for it (YAML anchors resolved by the loader)."""
    with (spec_dir() / name).open() as handle:
        spec = yaml.safe_load(handle)
    found: dict[str, set[str]] = defaultdict(set)
    _walk(spec, spec, found)
    return {pattern: frozenset(values) for pattern, values in found.items()}


@cache
def seeded_world() -> tuple[dict[str, list[dict[str, Any]]], tuple[str, ...]]:
    """The export tables of a small seeded world, and the admin API's scenario names."""
    with TestClient(create_app(Config(seed=3, size="small"))) as admin:
        export = admin.get("/__admin/export").json()
        scenarios = admin.get("/__admin/scenarios").json()["scenarios"]
    return export["tables"], tuple(s["name"] for s in scenarios)


def seeded_strings(prefix: str) -> set[str]:
    """The short strings of the first rows of every table whose name starts with `prefix`."""
    tables, scenarios = seeded_world()
    if prefix == "admin":
        return set(scenarios)
    return {
        value
        for table, rows in tables.items()
        if table.startswith(prefix)
        for row in rows[:40]
        for value in row.values()
        if isinstance(value, str) and len(value) <= 254
    }


def column(table: str, name: str) -> list[str]:
    return [row[name] for row in seeded_world()[0][table] if row[name] is not None]


def near_misses(value: str) -> set[str]:
    misses = {value + "\n", "\n" + value, " " + value, value + " ", "", value + "Z"}
    if value:
        changed = "Z" if value[-1] != "Z" else "0"
        misses |= {value[:-1], value[:-1] + changed, value[:-1] + "\u0663", value[:-1] + "\u00e9"}
    return misses


CASES = [(name, pattern) for name in SPECS for pattern in sorted(patterns_of(name))]


def test_every_spec_has_its_patterns_collected():
    # The walk must reach parameters, request bodies, component schemas and responses.
    assert {name for name, _ in CASES} >= {
        "admin.yaml",
        "apivideo.yaml",
        "ibm-analytics.yaml",
        "jtv-metax.yaml",
        "nomad-media.yaml",
        "syngrafii.yaml",
    }
    collected = {pattern for _, pattern in CASES}
    assert r"^ps[0-9A-Za-z]+$" in collected  # a response schema inside allOf
    assert SIGNED_PATTERN in collected  # a request body property (the clock's `advance`)
    assert len(collected) >= 10


@pytest.mark.parametrize(("name", "pattern"), CASES, ids=[f"{n}:{p[:40]}" for n, p in CASES])
def test_pattern_means_the_same_to_ecma_262_and_the_server(name, pattern):
    browser = regress.Regex(pattern)  # Swagger UI: new RegExp(pattern)
    unicode = regress.Regex(pattern, "u")
    schema = {"type": "string", "pattern": pattern}
    body = VALIDATORS["body"]["application/json"](
        schema=schema, encoding="utf-8", strict_validation=True
    )._validator
    response = VALIDATORS["response"]["application/json"](
        {"type": "http"}, schema=schema, encoding="utf-8"
    ).validator
    validators = {
        "parameter": EcmaDraft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER),
        "body": body,
        "response": response,
    }

    examples = patterns_of(name)[pattern]
    seeded = seeded_strings(TABLES.get(name, "admin"))
    samples = set(examples) | set(seeded)
    for value in list(samples):
        samples |= near_misses(value)

    for value in examples:
        assert browser.find(value) is not None, f"{name}: example {value!r} fails {pattern!r}"
    for value in sorted(samples):
        expected = browser.find(value) is not None
        assert (unicode.find(value) is not None) == expected, (value, pattern)
        for where, validator in validators.items():
            assert validator.is_valid(value) == expected, f"{name} {where}: {value!r} vs {pattern!r}"


def test_seeded_ids_pass_the_patterns_that_name_them():
    uuid = r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
    cases = {
        r"^vi[0-9A-Za-z]+$": column("apivideo_videos", "video_id"),
        r"^li[0-9A-Za-z]+$": column("apivideo_live_streams", "live_stream_id"),
        r"^[!-.0-~]*[!-,0-~-][!-.0-~]*$": [*column("jtv_activity", "subscriber_id"), "user@example.org"],
        r"^[A-Za-z0-9_-]{1,64}$": column("jtv_assets", "asset_id"),
        uuid: column("nomad_users", "id")
        + column("nomad_assets", "id")
        + column("nomad_assets", "content_id"),
        r"^[a-z0-9][a-z0-9-]{0,79}$": list(seeded_world()[1]),
    }
    for pattern, values in cases.items():
        assert values, pattern
        assert any(pattern in patterns_of(name) for name in SPECS), pattern
        for value in values:
            assert regress.Regex(pattern).find(value) is not None, (pattern, value)
            assert EcmaDraft4Validator({"pattern": pattern}).is_valid(value), (pattern, value)
            assert not EcmaDraft4Validator({"pattern": pattern}).is_valid(value + "\n"), (pattern, value)


def test_python_only_syntax_is_refused_when_a_spec_is_loaded():
    spec = {"components": {"schemas": {"Id": {"type": "string", "pattern": r"^[a-z]+\Z"}}}}
    with pytest.raises(PatternError, match=r"broken\.yaml: pattern '\^\[a-z\]\+\\\\Z'"):
        check_patterns(spec, "broken.yaml")
    named = {"properties": {"pattern": {"type": "string", "pattern": "(?P<id>x)"}}}
    with pytest.raises(PatternError):
        check_patterns(named, "named.yaml")
