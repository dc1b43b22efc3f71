"""Tenants of a served mock (a real server on a loopback port): many tenants written to at once
keep every write, clock move, fault rule and journal entry to themselves."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import httpx
import pytest

from conftest import NOW, make_app
from vidmock.testing import serving

APIVIDEO = {"Authorization": "Bearer dev-token"}
TENANTS = 20
VIDEOS_EACH = 3


@pytest.fixture(scope="module")
def served():
    app = make_app()
    with serving(app) as url:
        yield app, url
    app.world.store.dispose()


def work(url: str, index: int) -> None:
    """Tenant `job-N`: its videos, its clock N hours on, a fault rule on its own path."""
    name = f"job-{index}"
    with httpx.Client(base_url=f"{url}/t/{name}", headers=APIVIDEO, timeout=30) as client:
        for n in range(VIDEOS_EACH):
            assert client.post("/apivideo/videos", json={"title": f"{name} video {n}"}).status_code == 201
        assert client.put("/__admin/clock", json={"advance": f"{index}h"}).status_code == 200
        rule = {"match": {"api": "apivideo", "path": f"/videos/{name}"}, "status": 418}
        assert client.post("/__admin/faults", json=rule).status_code == 201


def test_twenty_tenants_written_at_once_keep_to_themselves(served):
    app, url = served
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda i: work(url, i), range(1, TENANTS + 1)))
    for index in range(1, TENANTS + 1):
        name = f"job-{index}"
        with httpx.Client(base_url=url, headers={**APIVIDEO, "Vidmock-Tenant": name}, timeout=30) as client:
            listed = client.get("/apivideo/videos", params={"title": "job-", "pageSize": 100}).json()["data"]
            assert sorted(v["title"] for v in listed) == [f"{name} video {n}" for n in range(VIDEOS_EACH)]
            later = (NOW + timedelta(hours=index)).isoformat()
            assert client.get("/__admin/clock").json()["now"] == later
            assert [f["match"]["path"] for f in client.get("/__admin/faults").json()["faults"]] == [
                f"/videos/{name}"
            ]
            journal = client.get("/__admin/requests", params={"api": "apivideo", "method": "POST"}).json()
            assert [e["path"] for e in journal["requests"]] == ["/apivideo/videos"] * VIDEOS_EACH
            other = f"job-{index % TENANTS + 1}"
            assert client.get(f"/apivideo/videos/{other}").status_code == 404  # its rule is not here
            assert client.get(f"/apivideo/videos/{name}").status_code == 418
    with httpx.Client(base_url=url, headers=APIVIDEO, timeout=30) as client:
        assert client.get("/apivideo/videos", params={"title": "job-"}).json()["data"] == []
        assert client.get("/__admin/faults").json() == {"faults": []}
        assert client.get("/__admin/clock").json()["now"] == "2026-11-24T12:00:00+00:00"
    assert len(app.tenants.listing()) == TENANTS + 1


def test_two_tenants_read_and_write_side_by_side_with_the_default_world(served):
    _app, url = served
    with (
        httpx.Client(base_url=f"{url}/t/left", headers=APIVIDEO, timeout=30) as left,
        httpx.Client(base_url=url, headers={**APIVIDEO, "Vidmock-Tenant": "right"}, timeout=30) as right,
        httpx.Client(base_url=url, headers=APIVIDEO, timeout=30) as default,
    ):
        made = left.post("/apivideo/videos", json={"title": "left only"}).json()
        assert made["assets"]["player"].startswith(f"{url}/t/left/apivideo/vod/")
        assert httpx.get(made["assets"]["player"]).status_code == 200
        assert right.get(f"/apivideo/videos/{made['videoId']}").status_code == 404
        assert default.get(f"/apivideo/videos/{made['videoId']}").status_code == 404
        assert right.post("/__admin/reset").status_code == 200
        assert left.get(f"/apivideo/videos/{made['videoId']}").status_code == 200
