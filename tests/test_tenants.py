"""Tenants: each a whole world of its own, named by `Vidmock-Tenant` or `/t/NAME/`. Writes and
settings of one are invisible to every other, and to `default`, the server's own world."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import insert

from conftest import DEV, IBM
from vidmock.apis import all_apis
from vidmock.apis.apivideo.webhooks.tables import webhooks
from vidmock.tenants.background import Background
from webhook_receiver import receiving

API = "/apivideo"
APIVIDEO = {"Authorization": "Bearer dev-token"}
WHOLE_HISTORY = {"date_time_from": "2000-01-01T00:00:00Z", "date_time_to": "2030-01-01T00:00:00Z"}
PACKAGE = "/syngrafii/api/v1/packages/c603079c-2dc7-4af7-8c2e-dc992662621c/videos"


def tenant(name: str, **headers: str) -> dict[str, str]:
    return {"Vidmock-Tenant": name, **headers}


def titles(client, name: str | None = None) -> list[str]:
    headers = APIVIDEO if name is None else tenant(name, **APIVIDEO)
    answer = client.get(f"{API}/videos", params={"pageSize": 100}, headers=headers)
    assert answer.status_code == 200, answer.text
    return [video["title"] for video in answer.json()["data"]]


def ibm_views(client, name: str) -> int:
    answer = client.get(f"{IBM}/views", params=WHOLE_HISTORY, headers=tenant(name, **DEV))
    return answer.json()["pagination"]["count"]


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        (f"{API}/videos", APIVIDEO),
        (f"{IBM}/views?date_time_from=2026-11-01T00:00Z&date_time_to=2026-11-24T00:00Z", DEV),
        ("/nomad/api/media/my-content", APIVIDEO),
        (PACKAGE, {"api_key": "dev-key"}),
        ("/jtv/metax/2.1/activity/fav/user@example.org", {"Authorization": "Bearer dev-token"}),
        ("/__admin/state?limit=3", {}),
    ],
)
def test_a_tenant_made_on_first_use_answers_as_the_default_world_byte_for_byte(client, path, headers):
    default = client.get(path, headers=headers)
    fresh = client.get(path, headers=tenant("job-1", **headers))
    prefixed = client.get(f"/t/job-2{path}", headers=headers)
    assert default.status_code == 200
    # But for the URLs it writes (api.video's assets), which lead back into the tenant.
    assert fresh.content.replace(b"/t/job-1/", b"/") == default.content
    assert prefixed.content.replace(b"/t/job-2/", b"/") == default.content


def test_records_written_in_one_tenant_are_in_no_other(client):
    made = client.post(f"{API}/videos", json={"title": "Only in a"}, headers=tenant("a", **APIVIDEO))
    assert made.status_code == 201
    assert "Only in a" in titles(client, "a")
    assert "Only in a" not in titles(client, "b")
    assert "Only in a" not in titles(client)
    elsewhere = client.get(f"{API}/videos/{made.json()['videoId']}", headers=tenant("b", **APIVIDEO))
    assert elsewhere.status_code == 404


def test_the_path_prefix_and_the_header_name_the_same_tenant(client):
    client.post(f"/t/job-42{API}/videos", json={"title": "By prefix"}, headers=APIVIDEO)
    assert "By prefix" in titles(client, "job-42")
    both = client.get(f"/t/job-42{API}/videos", headers=tenant("job-42", **APIVIDEO))
    assert both.status_code == 200 and "By prefix" in [v["title"] for v in both.json()["data"]]


def test_each_tenant_has_its_own_clock(client):
    moved = client.put("/__admin/clock", json={"advance": "2d"}, headers=tenant("a"))
    assert moved.json() == {"now": "2026-11-26T12:00:00+00:00", "frozen": True}
    assert client.get("/__admin/clock", headers=tenant("b")).json()["now"] == "2026-11-24T12:00:00+00:00"
    assert client.get("/__admin/clock").json()["now"] == "2026-11-24T12:00:00+00:00"


def test_each_tenant_has_its_own_journal(client):
    client.get(f"{API}/videos/nope", headers=tenant("a", **APIVIDEO))
    journal_a = client.get("/__admin/requests", params={"api": "apivideo"}, headers=tenant("a")).json()
    assert [(e["method"], e["path"], e["status"]) for e in journal_a["requests"]] == [
        ("GET", "/apivideo/videos/nope", 404)
    ]
    assert client.get("/__admin/requests/count", params={"api": "apivideo"}, headers=tenant("b")).json() == {
        "count": 0
    }
    assert client.get("/__admin/requests/count", params={"api": "apivideo"}).json() == {"count": 0}


def test_fault_rules_and_latency_of_one_tenant_touch_no_other(client):
    rule = {"match": {"api": "apivideo", "method": "GET", "path": "/videos"}, "status": 503}
    assert client.post("/__admin/faults", json=rule, headers=tenant("a")).status_code == 201
    latency = {"delay": {"fixed": "1ms"}}
    assert client.put("/__admin/latency", json=latency, headers=tenant("a")).status_code == 200
    assert client.get(f"{API}/videos", headers=tenant("a", **APIVIDEO)).status_code == 503
    assert client.get(f"{API}/videos", headers=tenant("b", **APIVIDEO)).status_code == 200
    assert client.get(f"{API}/videos", headers=APIVIDEO).status_code == 200
    assert client.get("/__admin/faults", headers=tenant("b")).json() == {"faults": []}
    assert client.get("/__admin/latency", headers=tenant("a")).json()["delay"] == {"fixed": "1ms"}
    assert client.get("/__admin/latency", headers=tenant("b")).json()["delay"] is None


def test_webhooks_their_outbox_and_deliveries_belong_to_one_tenant(client):
    a, b = tenant("a", **APIVIDEO), tenant("b", **APIVIDEO)
    # A documentation address: never called (not an allowed host), its delivery recorded as refused.
    hook = {"events": ["live-stream.broadcast.started"], "url": "http://192.0.2.1/hooks"}
    assert client.post(f"{API}/webhooks", json=hook, headers=a).status_code == 201
    assert client.get(f"{API}/webhooks", headers=b).json()["data"] == []
    stream = client.get(f"{API}/live-streams", headers=a).json()["data"][0]["liveStreamId"]
    broadcast = f"/__admin/apivideo/live-streams/{stream}/broadcast"
    assert client.post(broadcast, headers=tenant("a")).status_code == 200
    assert client.post(broadcast, headers=tenant("b")).status_code == 200  # announced to nobody there
    flushed_b = client.post("/__admin/apivideo/webhook-deliveries/flush", headers=tenant("b")).json()
    assert flushed_b == {"deliveries": []}
    client.post("/__admin/apivideo/webhook-deliveries/flush", headers=tenant("a"))
    [delivery] = client.get("/__admin/apivideo/webhook-deliveries", headers=tenant("a")).json()["deliveries"]
    assert delivery["event"] == "live-stream.broadcast.started" and delivery["delivered"] is False
    none = {"deliveries": []}
    assert client.get("/__admin/apivideo/webhook-deliveries", headers=tenant("b")).json() == none
    assert client.get("/__admin/apivideo/webhook-deliveries").json() == {"deliveries": []}


def test_a_token_issued_in_one_tenant_is_refused_in_another(client):
    issued = client.post(f"{API}/auth/api-key", json={"apiKey": "dev-key"}, headers=tenant("a"))
    bearer = {"Authorization": f"Bearer {issued.json()['access_token']}"}
    assert client.get(f"{API}/videos", headers=tenant("a", **bearer)).status_code == 200
    refused = client.get(f"{API}/videos", headers=tenant("b", **bearer))
    assert refused.status_code == 401 and refused.json()["name"] == "Authorization"
    assert client.get(f"{API}/videos", headers=bearer).status_code == 401
    own = client.post(f"{API}/auth/api-key", json={"apiKey": "dev-key"}).json()["access_token"]
    assert client.get(f"{API}/videos", headers=tenant("a", Authorization=f"Bearer {own}")).status_code == 401


def test_a_refresh_token_is_refused_in_another_tenant(client):
    issued = client.post(f"{API}/auth/api-key", json={"apiKey": "dev-key"}, headers=tenant("a")).json()
    body = {"refreshToken": issued["refresh_token"]}
    assert client.post(f"{API}/auth/refresh", json=body, headers=tenant("a")).status_code == 200
    assert client.post(f"{API}/auth/refresh", json=body, headers=tenant("b")).status_code == 400


def test_an_upload_token_belongs_to_the_tenant_that_made_it(client):
    made = client.post(f"{API}/upload-tokens", json={}, headers=tenant("a", **APIVIDEO)).json()["token"]
    assert client.get(f"{API}/upload-tokens/{made}", headers=tenant("a", **APIVIDEO)).status_code == 200
    assert client.get(f"{API}/upload-tokens/{made}", headers=tenant("b", **APIVIDEO)).status_code == 404


def test_a_scenario_loaded_in_one_tenant_is_that_tenant_s_world_only(client):
    loaded = client.post("/__admin/scenarios/ibm-empty-account", headers=tenant("a"))
    assert loaded.status_code == 200 and loaded.json()["scenario"] == "ibm-empty-account"
    assert ibm_views(client, "a") == 0
    assert ibm_views(client, "b") > 0
    assert client.get("/__admin/health", headers=tenant("b")).json()["scenario"] is None


def test_an_export_of_one_tenant_imports_into_another_and_leaves_default_alone(client):
    client.post(f"{API}/videos", json={"title": "Carried over"}, headers=tenant("a", **APIVIDEO))
    snapshot = client.get("/__admin/export", headers=tenant("a")).json()
    assert client.post("/__admin/import", json=snapshot, headers=tenant("b")).status_code == 200
    assert "Carried over" in titles(client, "b")
    assert "Carried over" not in titles(client)


def test_a_reset_rebuilds_one_tenant_and_no_other(client):
    client.post(f"{API}/videos", json={"title": "Gone on reset"}, headers=tenant("a", **APIVIDEO))
    client.post(f"{API}/videos", json={"title": "Kept in b"}, headers=tenant("b", **APIVIDEO))
    client.put("/__admin/clock", json={"advance": "1h"}, headers=tenant("b"))
    assert client.post("/__admin/reset", headers=tenant("a")).status_code == 200
    assert "Gone on reset" not in titles(client, "a")
    assert "Kept in b" in titles(client, "b")
    assert client.get("/__admin/clock", headers=tenant("b")).json()["now"] == "2026-11-24T13:00:00+00:00"


def test_a_tenant_s_urls_carry_its_prefix_and_lead_back_into_it(client):
    made = client.post(f"{API}/videos", json={"title": "Mine"}, headers=tenant("job-7", **APIVIDEO)).json()
    video = made["videoId"]
    assert made["assets"]["player"] == f"http://testserver/t/job-7/apivideo/vod/{video}/player"
    assert client.get(f"/t/job-7/apivideo/vod/{video}/player").status_code == 200
    assert client.get(f"/apivideo/vod/{video}/player").status_code == 404
    default = client.post(f"{API}/videos", json={"title": "Server's"}, headers=APIVIDEO).json()
    assert default["assets"]["player"].startswith("http://testserver/apivideo/vod/")


def test_the_dashboard_shows_the_tenant_its_path_names_and_links_to_every_tenant(client):
    client.post(f"{API}/videos", json={"title": "Shown in job-3"}, headers=tenant("job-3", **APIVIDEO))
    page = client.get("/t/job-3/__admin/ui/").text
    assert "tenant job-3" in page
    assert 'href="/t/job-3/__admin/ui/state"' in page
    assert '<a href="http://testserver/__admin/ui/">default</a>' in page
    assert '<strong aria-current="page">job-3</strong>' in page
    found = client.get(
        "/t/job-3/__admin/ui/state", params={"api": "apivideo", "collection": "videos", "q": "job-3"}
    )
    assert "Shown in job-3" in found.text
    assert (
        "Shown in job-3" not in client.get("/__admin/ui/state", params={"api": "apivideo", "q": "job-3"}).text
    )


def test_a_dashboard_form_acts_on_its_tenant(client):
    moved = client.post(
        "/t/job-4/__admin/ui/clock", data={"action": "advance", "advance": "1d"}, follow_redirects=False
    )
    assert moved.status_code == 303 and moved.headers["location"].startswith("/t/job-4/__admin/ui/clock")
    assert client.get("/__admin/clock", headers=tenant("job-4")).json()["now"] == "2026-11-25T12:00:00+00:00"
    assert client.get("/__admin/clock").json()["now"] == "2026-11-24T12:00:00+00:00"


def test_a_tenant_s_webhooks_are_delivered_in_the_background_of_a_running_server(app):
    with receiving() as receiver, app.test_client() as running:  # the ASGI lifespan
        hooks = tenant("hooks", **APIVIDEO)
        stream = running.get(f"{API}/live-streams", headers=hooks).json()["data"][0]["liveStreamId"]
        hook = {"events": ["live-stream.broadcast.started"], "url": receiver.url}
        assert running.post(f"{API}/webhooks", json=hook, headers=hooks).status_code == 201
        running.post(f"/__admin/apivideo/live-streams/{stream}/broadcast", headers=tenant("hooks"))
        assert receiver.arrived.wait(10), "the tenant's background delivery never ran"
    assert [(p["type"], p["liveStreamId"]) for p in receiver.payloads()] == [
        ("live-stream.broadcast.started", stream)
    ]


def test_a_tenant_s_background_work_waits_for_its_first_webhook(app):
    quiet = app.tenants.world("quiet")

    async def started() -> tuple[bool, bool]:
        async with Background(all_apis()) as work:
            work.start(quiet)
            await asyncio.sleep(0.05)
            before = work.is_running(quiet)
            with quiet.store.begin() as conn:
                row = {"webhook_id": "webhook_x", "url": "http://127.0.0.1:9/", "events": [], "created_at": 0}
                conn.execute(insert(webhooks).values(signature_secret="s", **row))
            await asyncio.sleep(0.05)
            return before, work.is_running(quiet)

    assert asyncio.run(started()) == (False, True)
