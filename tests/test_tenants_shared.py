"""Tenants of a mock served by several processes over one store (`--workers N` over a SQLite
file, replicas over one PostgreSQL database): a tenant made, changed, made again or dropped
through one process is the same through every other, and stays apart from `default`."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from conftest import make_app
from multi_worker import BACKENDS, BEARER, two_workers_over

API = "/apivideo"


def tenant(name: str, **headers: str) -> dict[str, str]:
    return {"Vidmock-Tenant": name, **headers}


def titles(client, name: str | None = None) -> list[str]:
    headers = BEARER if name is None else tenant(name, **BEARER)
    answer = client.get(f"{API}/videos", params={"title": "shared", "pageSize": 100}, headers=headers)
    assert answer.status_code == 200, answer.text
    return sorted(video["title"] for video in answer.json()["data"])


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def two(request, tmp_path):
    """Two mocks over one store, as two workers (or two replicas) are: (first, second) apps."""
    overrides = {"max_tenants": 3}
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'vidmock.db'}"
        first = make_app(db_url=url, workers=2, **overrides)
        second = make_app(db_url=url, workers=2, joining=True, **overrides)
    else:
        server = request.getfixturevalue("postgres_server")
        url = server.database()
        first, second = make_app(db_url=url, **overrides), make_app(db_url=url, **overrides)
    yield first, second
    first.world.store.dispose()
    second.world.store.dispose()
    if request.param == "postgresql":
        server.drop(url)


def test_a_tenant_made_through_one_process_is_the_same_through_the_other(two):
    one, other = (app.test_client() for app in two)
    made = one.put("/__admin/tenants/job-1", json={"seed": 7})
    assert made.status_code == 201
    assert other.get("/__admin/tenants/job-1").json()["seed"] == 7
    assert (
        one.post(
            f"{API}/videos", json={"title": "shared video"}, headers=tenant("job-1", **BEARER)
        ).status_code
        == 201
    )
    assert titles(other, "job-1") == ["shared video"]
    assert titles(other) == [] and titles(one) == []
    assert [t["name"] for t in other.get("/__admin/tenants").json()["tenants"]] == ["default", "job-1"]


def test_a_tenant_s_clock_faults_and_journal_are_shared_and_its_own(two):
    one, other = (app.test_client() for app in two)
    one.put("/__admin/clock", json={"advance": "1d"}, headers=tenant("job-2"))
    assert other.get("/__admin/clock", headers=tenant("job-2")).json()["now"] == "2026-11-25T12:00:00+00:00"
    assert other.get("/__admin/clock").json()["now"] == "2026-11-24T12:00:00+00:00"
    rule = {"match": {"api": "apivideo", "method": "GET", "path": "/videos"}, "status": 503, "times": 1}
    assert other.post("/__admin/faults", json=rule, headers=tenant("job-2")).status_code == 201
    assert one.get(f"{API}/videos", headers=tenant("job-2", **BEARER)).status_code == 503
    assert other.get(f"{API}/videos", headers=tenant("job-2", **BEARER)).status_code == 200  # times: 1
    assert one.get(f"{API}/videos", headers=BEARER).status_code == 200
    statuses = [
        e["status"]
        for e in one.get("/__admin/requests", params={"api": "apivideo"}, headers=tenant("job-2")).json()[
            "requests"
        ]
    ]
    assert statuses == [200, 503]


def test_a_token_of_a_tenant_opens_it_through_every_process_and_no_other_tenant(two):
    one, other = (app.test_client() for app in two)
    issued = one.post(f"{API}/auth/api-key", json={"apiKey": "dev-key"}, headers=tenant("job-3")).json()
    bearer = {"Authorization": f"Bearer {issued['access_token']}"}
    assert other.get(f"{API}/videos", headers=tenant("job-3", **bearer)).status_code == 200
    assert other.get(f"{API}/videos", headers=tenant("job-4", **bearer)).status_code == 401


def test_dropped_or_made_again_through_one_process_is_so_through_the_other(two):
    one, other = (app.test_client() for app in two)
    one.post(f"{API}/videos", json={"title": "shared, then dropped"}, headers=tenant("job-5", **BEARER))
    assert titles(other, "job-5") == ["shared, then dropped"]
    assert other.delete("/__admin/tenants/job-5").status_code == 204
    assert one.get("/__admin/tenants/job-5").status_code == 404
    assert titles(one, "job-5") == []  # named again: made afresh
    one.post(f"{API}/videos", json={"title": "shared, before"}, headers=tenant("job-5", **BEARER))
    assert other.put("/__admin/tenants/job-5").status_code == 200
    assert titles(one, "job-5") == []


def test_the_limit_counts_the_tenants_of_every_process(two):
    one, other = (app.test_client() for app in two)
    for name in ("a", "b", "c"):
        assert one.get(f"{API}/videos", headers=tenant(name, **BEARER)).status_code == 200
    refused = other.get(f"{API}/videos", headers=tenant("d", **BEARER))
    assert refused.status_code == 503 and "--max-tenants 3" in refused.json()["detail"]


def test_a_tenant_idle_everywhere_is_dropped_by_any_process(two):
    first, second = two
    first.test_client().get(f"{API}/videos", headers=tenant("idle", **BEARER))
    assert second.tenants.drop_idle(time.monotonic() + 10) == []
    assert second.tenants.drop_idle(time.monotonic() + 3601) == ["idle"]
    assert first.tenants.get("idle") is None


@pytest.fixture(scope="module", params=BACKENDS)
def workers(request, tmp_path_factory):
    yield from two_workers_over(request, tmp_path_factory.mktemp("tenant-workers"))


def test_a_real_two_worker_server_serves_one_tenant_from_both_workers(workers):
    root = f"{workers}/t/job-42"
    with httpx.Client(timeout=30, headers=BEARER) as client:
        assert client.put(f"{workers}/__admin/tenants/job-42", json={"seed": 3}).status_code == 201
        seen: set[int] = set()
        made = 0
        for _round in range(25):
            with httpx.Client(timeout=30, headers=BEARER) as a, httpx.Client(timeout=30, headers=BEARER) as b:
                for sender in (a, b):
                    assert (
                        sender.post(f"{root}{API}/videos", json={"title": f"shared {made}"}).status_code
                        == 201
                    )
                    made += 1
            entries = client.get(f"{root}/__admin/requests", params={"method": "POST", "limit": 1000}).json()
            seen = {entry["worker"] for entry in entries["requests"]}
            if len(seen) == 2:
                break
        assert len(seen) == 2
        listed = client.get(f"{root}{API}/videos", params={"title": "shared", "pageSize": 100}).json()["data"]
        assert len(listed) == made
        assert client.get(f"{workers}{API}/videos", params={"title": "shared"}).json()["data"] == []
        assert client.get(f"{root}/__admin/health").json()["seed"] == 3


def test_two_processes_making_one_tenant_at_once_end_up_with_the_same(two):
    with ThreadPoolExecutor(2) as pool:
        worlds = list(pool.map(lambda app: app.tenants.world("race"), two))
    first, second = (app.test_client() for app in two)
    first.post(f"{API}/videos", json={"title": "shared race"}, headers=tenant("race", **BEARER))
    assert titles(second, "race") == ["shared race"]
    # One location (its SQLite file, or its PostgreSQL schema), whichever process claimed the name.
    assert (worlds[0].store.url, worlds[0].store.schema) == (worlds[1].store.url, worlds[1].store.schema)
    assert [t["name"] for t in first.get("/__admin/tenants").json()["tenants"]] == ["default", "race"]
