"""The scenario file format: filling, relative times, blocks, includes, and clean refusals."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from conftest import make_app
from vidmock.scenarios import schema
from vidmock.scenarios.vendors import vendor_keys, vendor_support

BASE = """
name: base
description: A catalogue to build on.
jtv:
  assets:
    - {asset_id: A1, type: vod, title: Film One, duration: 3600}
    - {asset_id: A2, type: vod, title: Film Two, duration: 1800}
"""

STORY = """
name: story
description: Activity on the base catalogue.
seed: 5
include: [base]
jtv:
  activity:
    - {subscriber_id: ann@example.org, asset_id: A1, pause_time_ms: 2880000, last_played_on: -2d}
    - count: 3
      with: {asset_id: A2, last_played_on: -90m}
  favorites:
    - {asset_id: A2}
    - {asset_id: A1}
"""


@pytest.fixture
def library(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("VIDMOCK_SCENARIOS", str(tmp_path))
    (tmp_path / "base.yaml").write_text(BASE)
    (tmp_path / "story.yaml").write_text(STORY)
    return tmp_path


def rows(client, collection: str) -> list[dict]:
    return client.get("/__admin/state", params={"api": "jtv", "collection": collection}).json()["jtv"][
        collection
    ]["items"]


def test_records_blocks_relative_times_and_includes_load(library):
    client = make_app().test_client()
    answer = client.post("/__admin/scenarios/story")
    assert answer.status_code == 200, answer.text
    assert answer.json()["counts"]["jtv"] == {"assets": 2, "favorites": 2, "activity": 4}
    assert answer.json()["counts"]["ibm-analytics"]["segments"] == 0  # nothing else survives
    activity = rows(client, "activity")
    ann = next(r for r in activity if r["subscriber_id"] == "ann@example.org")
    now_ms = 1_795_521_600_000  # 2026-11-24T12:00:00Z
    assert ann["last_played_on"] == now_ms - 2 * 86_400_000 and ann["pause_time_ms"] == 2_880_000
    generated = [r for r in activity if r["asset_id"] == "A2"]
    assert len(generated) == 3 and {r["last_played_on"] for r in generated} == {now_ms - 90 * 60_000}
    # Omitted fields are filled: the example subscriber first, then generated ones.
    assert len({r["subscriber_id"] for r in generated}) == 3
    assert "user@example.org" in {r["subscriber_id"] for r in generated}
    favorites = sorted(rows(client, "favorites"), key=lambda r: r["position"])
    assert [(f["asset_id"], f["position"]) for f in favorites] == [("A2", 0), ("A1", 1)]
    assert client.get("/__admin/health").json()["scenario"] == "story"


def test_a_scenario_loads_the_same_world_every_time_and_reset_reloads_it(library):
    client = make_app().test_client()
    client.post("/__admin/scenarios/story")
    first = client.get("/__admin/export").json()["tables"]
    client.post("/__admin/seed", json={"seed": 3})
    assert client.get("/__admin/health").json()["scenario"] is None
    client.post("/__admin/scenarios/story")
    assert client.get("/__admin/export").json()["tables"] == first
    client.delete("/jtv/metax/2.1/activity/fav/user@example.org/A2")
    client.post("/__admin/reset")
    assert client.get("/__admin/export").json()["tables"] == first


BAD = {
    "unknown field": (
        "jtv:\n  assets:\n    - {asset_id: X, colour: red}\n",
        "/jtv/assets/0/colour",
        "unknown field",
    ),
    "wrong type": (
        "jtv:\n  assets:\n    - {asset_id: X, duration: long}\n",
        "/jtv/assets/0/duration",
        "expected an integer",
    ),
    "bad reference": (
        "include: [base]\njtv:\n  activity:\n    - {asset_id: NOPE}\n",
        "/jtv/activity/0/asset_id",
        "bad reference: no jtv assets with asset_id='NOPE'",
    ),
    "bad relative time": (
        "include: [base]\njtv:\n  activity:\n    - {asset_id: A1, last_played_on: -2x}\n",
        "/jtv/activity/0/last_played_on",
        "bad time",
    ),
    "bad time in a block": (
        "include: [base]\njtv:\n  activity:\n"
        "    - {count: 2, with: {asset_id: A1, last_played_on: yesterday}}\n",
        "/jtv/activity/0/with/last_played_on",
        "bad time",
    ),
    "unknown table": ("jtv:\n  plays:\n    - {}\n", "/jtv", "'plays' was unexpected"),
    "unknown vendor": ("youtube:\n  videos: []\n", "/", "'youtube' was unexpected"),
    "a block with other keys": (
        "jtv:\n  assets:\n    - {count: 2, title: x}\n",
        "/jtv/assets/0",
        "'title' was unexpected",
    ),
    "a count that is not a number": (
        "jtv:\n  assets:\n    - {count: many}\n",
        "/jtv/assets/0/count",
        "is not of type 'integer'",
    ),
    "a duplicate id": (
        "include: [base]\njtv:\n  assets:\n    - {asset_id: A1}\n",
        "/jtv/assets/0",
        "already used at /jtv/assets/0",
    ),
    "an unknown include": ("include: [nowhere]\n", "/include/0", "no scenario 'nowhere'"),
    "a derived table": ("ibm-analytics:\n  views:\n    - {}\n", "/ibm-analytics", "'views' was unexpected"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_scenarios_name_file_path_and_problem_and_load_nothing(library, case):
    body, path, problem = BAD[case]
    (library / "broken.yaml").write_text(f"name: broken\ndescription: Broken on purpose.\n{body}")
    client = make_app().test_client()
    before = client.get("/__admin/export").json()
    answer = client.post("/__admin/scenarios/broken")
    assert answer.status_code == 400, answer.text
    detail = answer.json()["detail"]
    assert f"broken.yaml: {path}: " in detail and problem in detail, detail
    assert client.get("/__admin/export").json() == before
    assert client.get("/__admin/health").json()["scenario"] is None


def test_file_level_problems_are_refused_too(library):
    (library / "cycle-a.yaml").write_text("name: cycle-a\ndescription: a\ninclude: [cycle-b]\n")
    (library / "cycle-b.yaml").write_text("name: cycle-b\ndescription: b\ninclude: [cycle-a]\n")
    (library / "renamed.yaml").write_text("name: other\ndescription: x\n")
    (library / "garbled.yaml").write_text("name: [unclosed\n")
    client = make_app().test_client()
    for name, words in (
        ("cycle-a", "cycle-b.yaml: /include/0: 'cycle-a' includes itself"),
        ("renamed", "renamed.yaml: /name: 'other' must match the file name"),
        ("garbled", "garbled.yaml: /: not valid YAML"),
    ):
        answer = client.post(f"/__admin/scenarios/{name}")
        assert answer.status_code == 400 and words in answer.json()["detail"], answer.text


def test_the_shipped_schema_names_exactly_what_the_loader_fills():
    properties = schema()["properties"]
    for key in vendor_keys():
        assert list(properties[key]["properties"]) == list(vendor_support(key).TABLES), key
    jsonschema.Draft202012Validator.check_schema(schema())
