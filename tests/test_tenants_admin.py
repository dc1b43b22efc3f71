"""Making, listing and dropping tenants (`/__admin/tenants`), their limits, and the names a
request may give (`Vidmock-Tenant`, `/t/NAME/`): a bad one is a 400 in the shape of whoever
owns the path, naming `Vidmock-Tenant`."""

from __future__ import annotations

import io
import time

import pytest
from rich.console import Console

from conftest import DEV, IBM, NOW, make_app
from vidmock.cli.serve import print_banner
from vidmock.config import Config

API = "/apivideo"
APIVIDEO = {"Authorization": "Bearer dev-token"}
PACKAGE = "/syngrafii/api/v1/packages/c603079c-2dc7-4af7-8c2e-dc992662621c/videos"


def tenant(name: str, **headers: str) -> dict[str, str]:
    return {"Vidmock-Tenant": name, **headers}


def titles(client, name: str) -> list[str]:
    answer = client.get(f"{API}/videos", params={"pageSize": 100}, headers=tenant(name, **APIVIDEO))
    return [video["title"] for video in answer.json()["data"]]


def test_put_makes_a_tenant_and_put_again_makes_it_afresh(client):
    made = client.put("/__admin/tenants/job-42", json={"seed": 7})
    assert made.status_code == 201
    body = made.json()
    assert (body["name"], body["seed"], body["size"], body["scenario"]) == ("job-42", 7, "small", None)
    assert body["now"] == "2026-11-24T12:00:00+00:00"
    assert body["clock"] == {"now": "2026-11-24T12:00:00+00:00", "frozen": True}
    client.post(f"{API}/videos", json={"title": "Before"}, headers=tenant("job-42", **APIVIDEO))
    again = client.put("/__admin/tenants/job-42", json={"seed": 7})
    assert again.status_code == 200 and again.json()["records"] == body["records"]
    assert "Before" not in titles(client, "job-42")


def test_a_tenant_of_a_seed_answers_as_a_world_seeded_with_it(client):
    client.put("/__admin/tenants/seven", json={"seed": 7, "size": "small"})
    client.post("/__admin/seed", json={"seed": 7, "size": "small"}, headers=tenant("reseeded"))
    path = f"{IBM}/views?date_time_from=2026-11-01T00:00Z&date_time_to=2026-11-24T00:00Z"
    seven = client.get(path, headers=tenant("seven", **DEV))
    assert seven.content == client.get(path, headers=tenant("reseeded", **DEV)).content
    assert seven.content != client.get(path, headers=DEV).content


def test_put_with_a_scenario_and_a_clock(client):
    made = client.put(
        "/__admin/tenants/empty", json={"scenario": "ibm-empty-account", "now": "2030-01-02T03:04:05Z"}
    )
    assert made.status_code == 201
    assert made.json()["scenario"] == "ibm-empty-account"
    assert made.json()["clock"] == {"now": "2030-01-02T03:04:05+00:00", "frozen": True}
    assert client.get("/__admin/health", headers=tenant("empty")).json()["scenario"] == "ibm-empty-account"


def test_now_null_lets_the_tenant_s_clock_run(client):
    made = client.put("/__admin/tenants/running", json={"now": None})
    assert made.json()["now"] is None and made.json()["clock"]["frozen"] is False


def test_an_unknown_scenario_is_refused_and_no_tenant_made(client):
    refused = client.put("/__admin/tenants/job-1", json={"scenario": "no-such-scenario"})
    assert refused.status_code == 404
    assert refused.json()["pointer"] == "/scenario" and "no-such-scenario" in refused.json()["detail"]
    assert client.get("/__admin/tenants/job-1").status_code == 404


def test_the_list_names_every_tenant_default_first(client):
    client.get(f"{API}/videos", headers=tenant("b-job", **APIVIDEO))
    client.put("/__admin/tenants/a-job")
    listed = client.get("/__admin/tenants").json()
    assert [t["name"] for t in listed["tenants"]] == ["default", "a-job", "b-job"]
    assert listed["max_tenants"] == 1000 and listed["tenant_idle"] == 3600
    default, a_job, _b_job = listed["tenants"]
    assert a_job["records"] == default["records"] > 0
    assert set(a_job) == {
        "name",
        "created",
        "last_used",
        "records",
        "seed",
        "size",
        "scenario",
        "now",
        "clock",
    }


def test_delete_drops_a_tenant_and_its_world(client):
    client.post(f"{API}/videos", json={"title": "Dropped"}, headers=tenant("gone", **APIVIDEO))
    assert client.delete("/__admin/tenants/gone").status_code == 204
    assert client.get("/__admin/tenants/gone").status_code == 404
    assert client.delete("/__admin/tenants/gone").status_code == 404
    assert "Dropped" not in titles(client, "gone")  # named again: made afresh


def test_the_default_tenant_is_neither_made_again_nor_dropped(client):
    for answer in (client.put("/__admin/tenants/default"), client.delete("/__admin/tenants/default")):
        assert answer.status_code == 409 and answer.json()["parameter"] == "name"
    assert client.get("/__admin/tenants/default").json()["name"] == "default"


def test_a_bad_name_in_the_control_api_s_path_is_a_400_naming_it(client):
    refused = client.put("/__admin/tenants/Job_1")
    assert refused.status_code == 400 and refused.json()["parameter"] == "name"


@pytest.fixture
def small_app():
    built = make_app(max_tenants=2, tenant_idle=60)
    yield built
    built.world.store.dispose()


def test_past_max_tenants_a_new_tenant_is_a_503_naming_the_limit(small_app):
    client = small_app.test_client()
    assert client.get(f"{API}/videos", headers=tenant("one", **APIVIDEO)).status_code == 200
    assert client.put("/__admin/tenants/two").status_code == 201
    refused = client.get(f"{API}/videos", headers=tenant("three", **APIVIDEO))
    assert refused.status_code == 503
    assert refused.json()["name"] == "Vidmock-Tenant" and "--max-tenants 2" in refused.json()["detail"]
    ibm = client.get(f"{IBM}/views", headers=tenant("three", **DEV)).json()["errors"][0]
    assert ibm["status"] == 503 and ibm["source"] == {"parameter": "Vidmock-Tenant"}
    put = client.put("/__admin/tenants/three")
    assert put.status_code == 503 and "--max-tenants 2" in put.json()["detail"]
    assert client.get(f"{API}/videos", headers=tenant("one", **APIVIDEO)).status_code == 200  # still there
    client.delete("/__admin/tenants/one")
    assert client.get(f"{API}/videos", headers=tenant("three", **APIVIDEO)).status_code == 200


def test_a_tenant_unused_for_tenant_idle_is_dropped(small_app):
    client = small_app.test_client()
    client.post(f"{API}/videos", json={"title": "Idle"}, headers=tenant("idle", **APIVIDEO))
    client.get(f"{API}/videos", headers=tenant("busy", **APIVIDEO))
    assert small_app.tenants.drop_idle(time.monotonic() + 30) == []
    client.get(f"{API}/videos", headers=tenant("busy", **APIVIDEO))
    dropped = small_app.tenants.drop_idle(small_app.tenants.get("idle").used + 60)
    assert dropped == ["idle"]
    assert [t["name"] for t in client.get("/__admin/tenants").json()["tenants"]] == ["default", "busy"]


def test_a_tenant_is_dropped_at_exactly_its_idle_time_whatever_the_clock_reads(small_app):
    # At this monotonic instant (8132.693456788999 + 60) - 8132.693456788999 is a hair under 60.
    client = small_app.test_client()
    client.get(f"{API}/videos", headers=tenant("idle", **APIVIDEO))
    idle = small_app.tenants.get("idle")
    idle.used = 8132.693456788999
    assert small_app.tenants.drop_idle(idle.used + small_app.tenants.idle_seconds - 0.001) == []
    assert small_app.tenants.drop_idle(idle.used + small_app.tenants.idle_seconds) == ["idle"]


BAD = ["Job", "job_1", "-job", "a" * 64, "", "job.1", "job 1"]


@pytest.mark.parametrize("name", BAD)
def test_a_bad_name_is_a_400_in_api_video_s_shape(client, name):
    refused = client.get(f"{API}/videos", headers=tenant(name, **APIVIDEO))
    body = refused.json()
    assert refused.status_code == 400 and body["name"] == "Vidmock-Tenant"
    assert body["problems"][0]["name"] == "Vidmock-Tenant"


@pytest.mark.parametrize(
    ("path", "headers", "names"),
    [
        (f"{IBM}/views", DEV, lambda b: b["errors"][0]["source"]["parameter"]),
        ("/nomad/api/media/my-content", APIVIDEO, lambda b: ",".join(b["errors"])),
        (PACKAGE, {"api_key": "dev-key"}, lambda b: b["message"].split(":")[0]),
        ("/jtv/metax/2.1/activity/fav/x", APIVIDEO, lambda b: b["field"]),
        ("/__admin/health", {}, lambda b: b["parameter"]),
        ("/__admin/ui/", {}, lambda b: b["parameter"]),
    ],
)
def test_a_bad_name_is_a_400_in_each_owner_s_shape(client, path, headers, names):
    for refused in (
        client.get(path, headers=tenant("Bad_Name", **headers)),
        client.get(f"/t/Bad_Name{path}", headers=headers),
    ):
        assert refused.status_code == 400, refused.text
        body = refused.json()
        assert names(body) == "Vidmock-Tenant"


def test_a_name_of_63_characters_is_taken(client):
    assert client.get(f"{API}/videos", headers=tenant("a" * 63, **APIVIDEO)).status_code == 200


def test_the_header_twice_or_naming_another_tenant_than_the_path_is_a_400(client):
    twice = client.get(
        f"{API}/videos", headers=[("Vidmock-Tenant", "a"), ("Vidmock-Tenant", "b"), *APIVIDEO.items()]
    )
    assert twice.status_code == 400 and twice.json()["name"] == "Vidmock-Tenant"
    both = client.get(f"/t/a{API}/videos", headers=tenant("b", **APIVIDEO))
    assert both.status_code == 400 and "'b'" in both.json()["detail"] and "/t/a/" in both.json()["detail"]
    assert [t["name"] for t in client.get("/__admin/tenants").json()["tenants"]] == ["default"]


def test_browsers_may_send_the_header_and_read_a_refusal(client):
    preflight = client.options(
        f"{API}/videos",
        headers={
            "Origin": "http://localhost:3000",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization, vidmock-tenant",
        },
    )
    assert preflight.status_code == 200
    assert "vidmock-tenant" in preflight.headers["access-control-allow-headers"].lower()
    refused = client.get(f"{API}/videos", headers=tenant("BAD", Origin="http://localhost:3000", **APIVIDEO))
    assert refused.status_code == 400
    assert refused.headers["access-control-allow-origin"] == "http://localhost:3000"


def test_with_api_the_prefix_comes_before_the_bare_base_path():
    app = make_app(api="syngrafii")
    client = app.test_client()
    package = "/api/v1/packages/c603079c-2dc7-4af7-8c2e-dc992662621c/videos"
    key = {"api_key": "dev-key"}
    body = {"packageId": "c603079c-2dc7-4af7-8c2e-dc992662621c"}
    deleted = client.post(f"/t/job-42{package}/delete", json=body, headers=key)
    assert deleted.status_code == 200
    assert {v["state"] for v in client.get(f"/t/job-42{package}", headers=key).json()["videos"]} == {
        "deleted"
    }
    assert {v["state"] for v in client.get(package, headers=key).json()["videos"]} != {"deleted"}
    refused = client.get(f"/t/Job{package}", headers=key)
    assert refused.status_code == 400 and refused.json()["error"] == "request_invalid_parameter"


def test_a_tenant_made_now_has_the_server_s_frozen_clock(client):
    assert client.get("/__admin/clock", headers=tenant("fresh")).json()["now"] == NOW.isoformat()


def test_a_tenant_starts_with_the_server_s_fault_rules_and_latency_and_a_reset_restores_them():
    rule = {"match": {"api": "apivideo", "method": "GET", "path": "/videos"}, "status": 503}
    client = make_app(faults=(rule,), latency={"fixed": "1ms"}).test_client()
    assert client.get(f"{API}/videos", headers=tenant("job-1", **APIVIDEO)).status_code == 503
    assert client.get("/__admin/latency", headers=tenant("job-1")).json()["delay"] == {"fixed": "1ms"}
    client.delete("/__admin/faults", headers=tenant("job-1"))
    assert client.get(f"{API}/videos", headers=tenant("job-1", **APIVIDEO)).status_code == 200
    assert client.get(f"{API}/videos", headers=APIVIDEO).status_code == 503  # the default world's stays
    client.post("/__admin/reset", headers=tenant("job-1"))
    assert client.get(f"{API}/videos", headers=tenant("job-1", **APIVIDEO)).status_code == 503


def test_the_banner_says_how_to_name_a_tenant_and_the_limits():
    console = Console(record=True, width=200, file=io.StringIO())
    print_banner(console, Config(size="small", max_tenants=50, tenant_idle=1800), "http://127.0.0.1:8000")
    printed = console.export_text()
    assert "tenants:    header Vidmock-Tenant: NAME or http://127.0.0.1:8000/t/NAME/..." in printed
    assert "(at most 50, dropped after 1800 s unused)" in printed
