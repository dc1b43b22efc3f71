"""The control API: health, reset, seed, state and the request journal."""

from __future__ import annotations

import pytest

from conftest import DEV, IBM

pytestmark = pytest.mark.also_on_postgresql

RANGE = {"date_time_from": "2026-08-01T00:00:00Z", "date_time_to": "2026-11-24T12:00:00Z"}


def total_views(client) -> int:
    return client.get(f"{IBM}/views", params=RANGE, headers=DEV).json()["pagination"]["count"]


def test_health_reports_apis_seed_size_and_clock(client):
    body = client.get("/__admin/health").json()
    assert body["status"] == "ok" and body["seed"] == 1 and body["size"] == "small"
    assert body["clock"] == {"now": "2026-11-24T12:00:00+00:00", "frozen": True}
    ibm = next(api for api in body["apis"] if api["key"] == "ibm-analytics")
    assert ibm["prefixes"] == ["/ibm-analytics/oauth2", "/ibm-analytics/v1"]


def test_state_lists_collections_with_totals_and_seeded_ids(client):
    body = client.get("/__admin/state", params={"api": "ibm-analytics", "limit": 2}).json()
    segments = body["ibm-analytics"]["segments"]
    everything = client.get(
        f"{IBM}/views",
        headers=DEV,
        params={"date_time_from": "2000-01-01T00:00:00Z", "date_time_to": "2030-01-01T00:00:00Z"},
    ).json()
    assert segments["total"] == everything["pagination"]["count"]
    assert len(segments["items"]) == 2
    contents = body["ibm-analytics"]["contents"]
    assert contents["total"] == 9  # small world: 3 channels and 6 videos
    only = client.get("/__admin/state", params={"collection": "contents", "limit": 0}).json()
    assert only == {"ibm-analytics": {"contents": {"total": 9, "items": []}}}


def test_state_names_an_unknown_api_or_collection_with_a_404(client):
    unknown_api = client.get("/__admin/state", params={"api": "youtube"})
    assert unknown_api.status_code == 404
    assert unknown_api.json()["parameter"] == "api" and "ibm-analytics" in unknown_api.json()["detail"]
    unknown_collection = client.get("/__admin/state", params={"collection": "plays"})
    assert unknown_collection.status_code == 404 and unknown_collection.json()["parameter"] == "collection"


def test_seed_replaces_the_world_and_reset_rebuilds_the_last_one(client):
    first = total_views(client)
    seeded = client.post("/__admin/seed", json={"seed": 99, "size": "small"}).json()
    assert seeded["seed"] == 99 and seeded["counts"]["ibm-analytics"]["contents"] == 9
    other = total_views(client)
    assert other != first
    client.post("/__admin/reset")
    assert total_views(client) == other  # reset keeps seed 99
    client.post("/__admin/seed", json={"seed": 1})
    assert total_views(client) == first  # and seed 1 comes back byte for byte


def test_bad_seed_bodies_are_400_problems_naming_the_field(client):
    for body, pointer in (({"size": "huge"}, "/size"), ({"seed": -1}, "/seed"), ({"colour": 1}, "/colour")):
        response = client.post("/__admin/seed", json=body)
        assert response.status_code == 400
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["pointer"] == pointer


def test_journal_records_requests_newest_first_and_filters(client):
    client.get(f"{IBM}/views", params=RANGE, headers=DEV)
    client.get(f"{IBM}/views", params={"_limit": "0", **RANGE}, headers=DEV)
    client.get(f"{IBM}/viewers", params=RANGE)
    entries = client.get("/__admin/requests", params={"api": "ibm-analytics"}).json()["requests"]
    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("GET", f"{IBM}/viewers", 401),
        ("GET", f"{IBM}/views", 400),
        ("GET", f"{IBM}/views", 200),
    ]
    assert "_limit=0" in entries[1]["query"] and entries[0]["at"] == "2026-11-24T12:00:00+00:00"
    viewers = client.get("/__admin/requests", params={"path": "/viewers", "limit": 5}).json()["requests"]
    assert [e["path"] for e in viewers] == [f"{IBM}/viewers"]


def test_reset_empties_the_journal(client):
    client.get(f"{IBM}/views", params=RANGE, headers=DEV)
    client.post("/__admin/reset")
    entries = client.get("/__admin/requests").json()["requests"]
    assert [e["path"] for e in entries] == ["/__admin/reset"]
