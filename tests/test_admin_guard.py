"""`/__admin` answers loopback clients only, unless an admin token lets other hosts in."""

from __future__ import annotations

import pytest
from rich.console import Console

from conftest import DEV, IBM, make_app
from vidmock.cli.serve import print_banner
from vidmock.config import Config

REMOTE_V4 = ("203.0.113.7", 40000)
REMOTE_V6 = ("2001:db8::7", 40000)
TOKEN = "s3cret-admin-token"


def seed_of(app) -> int:
    return app.test_client().get("/__admin/health").json()["seed"]


def segment_total(app) -> int:
    state = app.test_client().get("/__admin/state", params={"api": "ibm-analytics", "limit": 0}).json()
    return state["ibm-analytics"]["segments"]["total"]


@pytest.mark.parametrize("peer", [REMOTE_V4, REMOTE_V6])
def test_a_remote_client_is_refused_every_control_call_and_nothing_changes(peer):
    app = make_app()
    before = segment_total(app)
    remote = app.test_client(client=peer)
    empty = {"format": "vidmock-state", "version": 1, "tables": {}}
    for method, path, body in (
        ("GET", "/__admin/health", None),
        ("GET", "/__admin/export", None),
        ("POST", "/__admin/reset", None),
        ("POST", "/__admin/seed", {"seed": 7}),
        ("POST", "/__admin/import", empty),
        ("PUT", "/__admin/clock", {"advance": "1d"}),
        ("GET", "/__admin/ui/", None),
        ("GET", "/__admin/openapi.json", None),
    ):
        answer = remote.request(method, path, json=body)
        assert answer.status_code == 403, (method, path)
        assert answer.headers["content-type"] == "application/problem+json"
        problem = answer.json()
        assert problem["status"] == 403 and "loopback clients only" in problem["detail"]
        assert "--admin-token" in problem["detail"]
    assert seed_of(app) == 1
    assert segment_total(app) == before


@pytest.mark.parametrize(
    "peer", [("127.0.0.1", 5000), ("127.8.9.10", 5000), ("::1", 5000), ("::ffff:127.0.0.1", 5000)]
)
def test_loopback_clients_need_no_token(peer):
    answer = make_app(admin_token=TOKEN).test_client(client=peer).post("/__admin/seed", json={"seed": 3})
    assert answer.status_code == 200 and answer.json()["seed"] == 3


def test_with_an_admin_token_a_remote_client_gets_in_with_it_and_only_with_it():
    app = make_app(admin_token=TOKEN)
    remote = app.test_client(client=REMOTE_V4)
    for headers in (
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": TOKEN},
        {"Authorization": "Basic x"},
    ):
        refused = remote.post("/__admin/seed", json={"seed": 7}, headers=headers)
        assert refused.status_code == 403, headers
        assert refused.json()["parameter"] == "Authorization"
    assert seed_of(app) == 1
    admitted = remote.post("/__admin/seed", json={"seed": 7}, headers={"Authorization": f"bearer {TOKEN}"})
    assert admitted.status_code == 200
    assert seed_of(app) == 7


def test_the_vendor_apis_still_answer_remote_clients():
    remote = make_app().test_client(client=REMOTE_V4)
    answer = remote.get(
        f"{IBM}/views",
        headers=DEV,
        params={"date_time_from": "2026-11-01T00:00:00Z", "date_time_to": "2026-11-24T00:00:00Z"},
    )
    assert answer.status_code == 200


def test_a_refusal_carries_cors_headers_and_is_journaled():
    app = make_app()
    remote = app.test_client(client=REMOTE_V4)
    refused = remote.post("/__admin/reset", headers={"Origin": "http://evil.example"})
    assert refused.status_code == 403
    assert refused.headers["access-control-allow-origin"] == "http://evil.example"
    entries = app.test_client().get("/__admin/requests", params={"path": "/__admin/reset"}).json()["requests"]
    assert [(e["method"], e["status"]) for e in entries] == [("POST", 403)]


def banner(host: str, **config) -> str:
    console = Console(record=True, width=300)
    print_banner(console, Config(**config), f"http://{host}:8000", host)
    return console.export_text()


def test_the_banner_says_who_may_use_the_control_api_and_warns_beyond_loopback():
    local = banner("127.0.0.1")
    assert "http://127.0.0.1:8000/__admin   (loopback clients only)" in local
    assert "warning" not in local
    shared = banner("0.0.0.0", admin_token=TOKEN)
    assert "other hosts with 'Authorization: Bearer <admin token>'" in shared
    assert "warning: bound to 0.0.0.0: the vendor APIs, with their development credentials" in shared
    assert TOKEN not in shared
    assert "warning" in banner("192.168.1.20") and "warning" not in banner("::1")
