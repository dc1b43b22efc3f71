"""Every request a spec admits reaches the mock: the longest URL an operation's declared limits
allow, each character percent-encoded as four UTF-8 bytes (12 characters), fits within what the
server reads in one request line. A longer one never reaches the app: the server answers a plain
text 400 of its own, in no vendor's shape."""

from __future__ import annotations

import urllib.parse
import urllib.request

import pytest

from conftest import make_app
from live import serving
from vidmock.specs.documents import load, spec_dir

# uvicorn (httptools) refuses a request line of 64 KiB; keep well inside it.
READABLE = 60_000
WIDEST = "\U0001f600"  # four bytes in UTF-8, twelve characters percent-encoded
SPECS = sorted(path.name for path in spec_dir().glob("*.yaml"))


def resolved(spec: dict, item: dict) -> dict:
    while "$ref" in item:
        node = spec
        for key in item["$ref"].split("/")[1:]:
            node = node[key]
        item = node
    return item


def longest_values(spec: dict, parameters: list[dict]) -> dict[str, list[str]]:
    """The query and path parameters at their declared maximum lengths (those that have one)."""
    values: dict[str, list[str]] = {}
    for parameter in (resolved(spec, p) for p in parameters):
        schema = resolved(spec, parameter.get("schema", {}))
        if parameter["in"] not in ("query", "path"):
            continue
        if schema.get("type") == "array":
            items = resolved(spec, schema.get("items", {}))
            if "maxLength" in items and "maxItems" in schema:
                values[parameter["name"]] = [WIDEST * items["maxLength"]] * schema["maxItems"]
        elif "maxLength" in schema:
            values[parameter["name"]] = [WIDEST * schema["maxLength"]]
    return values


def operations(name: str):
    spec = load(name)
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and method != "parameters":
                parameters = item.get("parameters", []) + operation.get("parameters", [])
                yield f"{method.upper()} {path}", path, longest_values(spec, parameters)


@pytest.mark.parametrize("name", SPECS)
def test_the_longest_url_each_operation_admits_is_readable(name):
    for label, path, values in operations(name):
        query = urllib.parse.urlencode(values, doseq=True)
        assert len(path) + 1 + len(query) <= READABLE, f"{name} {label}: {len(query)} characters"


def test_the_journals_longest_filters_reach_the_mock_and_get_its_answer():
    spec = load("admin.yaml")
    values = longest_values(spec, spec["paths"]["/requests/count"]["get"]["parameters"])
    url_query = urllib.parse.urlencode(values, doseq=True)
    assert len(url_query) > 40_000  # near the limit, so the test means something
    with serving(make_app()) as root:
        try:
            with urllib.request.urlopen(f"{root}/__admin/requests/count?{url_query}") as response:
                status, kind = response.status, response.headers["Content-Type"]
        except urllib.error.HTTPError as refused:
            status, kind = refused.code, refused.headers["Content-Type"]
    # The mock's own answer: a count, or its problem+json naming a filter; never the server's text.
    assert kind.startswith("application/"), (status, kind)
