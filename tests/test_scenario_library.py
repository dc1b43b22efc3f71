"""Every shipped scenario loads, and the facts its description promises hold through the APIs."""

from __future__ import annotations

import pytest

from conftest import DEV, IBM, make_app
from vidmock.scenarios import list_scenarios

BEARER = {"Authorization": "Bearer dev-token"}
SYN_KEY = {"api_key": "dev-key"}
NOVEMBER = {"date_time_from": "2026-11-01T00:00:00Z", "date_time_to": "2026-11-25T00:00:00Z"}
NOMAD = "/nomad/api"
JTV = "/jtv/metax/2.1/activity"
SYN = "/syngrafii/api/v1/packages"
NOW_MS = 1_795_521_600_000  # the test clock, 2026-11-24T12:00:00Z
DAY_MS = 86_400_000


@pytest.fixture(scope="module")
def app():
    return make_app()


def load(app, name: str):
    client = app.test_client()
    answer = client.post(f"/__admin/scenarios/{name}")
    assert answer.status_code == 200, answer.text
    return client


def test_the_library_has_at_least_three_described_scenarios_per_vendor():
    scenarios = list_scenarios()
    for vendor in ("ibm", "apivideo", "jtv", "nomad", "syngrafii"):
        mine = [s for s in scenarios if s.name.startswith(f"{vendor}-")]
        assert len(mine) >= 3, vendor
        assert all("tester should see" in s.description for s in mine)


@pytest.mark.parametrize("name", [s.name for s in list_scenarios()])
def test_every_shipped_scenario_loads_the_same_world_twice(app, name):
    client = load(app, name)
    first = client.get("/__admin/export").json()["tables"]
    load(app, name)
    assert client.get("/__admin/export").json()["tables"] == first


# --- IBM -------------------------------------------------------------------------------------


def test_ibm_empty_account(app):
    client = load(app, "ibm-empty-account")
    for path in ("/views", "/viewers", "/peak-viewer-numbers"):
        params = {**NOVEMBER, "granularity": "hour"} if "peak" in path else NOVEMBER
        body = client.get(f"{IBM}{path}", params=params, headers=DEV).json()
        assert body["data"] == [] and body["pagination"]["count"] == 0, path
    for path in ("/total-views/summary", "/unique-devices/summary"):
        body = client.get(f"{IBM}{path}", params=NOVEMBER, headers=DEV).json()
        assert [p["attributes"]["value"] for p in body["data"]] == [0], path


def test_ibm_viewer_stopped_at_80_on_mobile(app):
    client = load(app, "ibm-viewer-stopped-at-80-on-mobile")
    views = client.get(f"{IBM}/views", params=NOVEMBER, headers=DEV).json()["data"]
    attributes = sorted((v["attributes"] for v in views), key=lambda a: a["started_at"])
    assert [(a["from"], a["to"]) for a in attributes] == [(0, 500), (500, 800)]
    assert all(a["is_mobile_view"] and a["device_info"]["device"]["family"] == "iPhone" for a in attributes)
    assert attributes[0]["started_at"] == "2026-11-22T12:00:00+00:00"
    viewers = client.get(f"{IBM}/viewers", params=NOVEMBER, headers=DEV).json()["data"]
    assert [v["attributes"]["viewer_identifier"] for v in viewers] == ["anna@example.com"]
    total = client.get(f"{IBM}/total-views/summary", params=NOVEMBER, headers=DEV).json()["data"]
    assert total[0]["attributes"]["value"] == 1


def test_ibm_live_event_peak(app):
    client = load(app, "ibm-live-event-peak")
    params = {**NOVEMBER, "granularity": "hour", "_limit": 1000}
    peaks = client.get(f"{IBM}/peak-viewer-numbers", params=params, headers=DEV).json()["data"]
    by_hour = {p["attributes"]["time"]: p["attributes"]["value"] for p in peaks}
    assert by_hour["2026-11-23T10:00:00+00:00"] >= 120
    assert max(v for t, v in by_hour.items() if t != "2026-11-23T10:00:00+00:00") < 30
    total = client.get(f"{IBM}/total-views/summary", params=NOVEMBER, headers=DEV).json()["data"]
    assert total[0]["attributes"]["value"] == 150


# --- api.video -------------------------------------------------------------------------------


def test_apivideo_empty_account(app):
    client = load(app, "apivideo-empty-account")
    for path in ("/apivideo/videos", "/apivideo/live-streams"):
        body = client.get(path, headers=BEARER).json()
        assert body["data"] == [] and body["pagination"]["itemsTotal"] == 0


def test_apivideo_videos_in_every_state(app):
    client = load(app, "apivideo-videos-in-every-state")
    expected = {
        "viUPLOADEDVIDEO0000001": ("uploaded", True),
        "viUPLOADINGVIDEO000001": ("uploading", False),
        "viMISSINGVIDEO00000001": ("missing", False),
    }
    for video_id, (status, playable) in expected.items():
        body = client.get(f"/apivideo/videos/{video_id}/status", headers=BEARER).json()
        assert body["ingest"]["status"] == status
        assert body["encoding"]["playable"] is playable
        assert (body["ingest"]["filesize"] is not None) is playable
    ready = client.get("/apivideo/videos/viUPLOADEDVIDEO0000001/status", headers=BEARER).json()
    assert ready["encoding"]["metadata"]["duration"] == 120 and ready["encoding"]["metadata"]["width"] == 1280


def test_apivideo_live_event_peak(app):
    client = load(app, "apivideo-live-event-peak")
    stream = client.get("/apivideo/live-streams/liCUPFINAL000000000001", headers=BEARER).json()
    assert stream["broadcasting"] is True and stream["name"] == "Cup Final"
    sessions = client.get(
        "/apivideo/analytics/live-streams/liCUPFINAL000000000001",
        params={"period": "2026-11", "pageSize": 100},
        headers=BEARER,
    ).json()
    assert sessions["pagination"]["itemsTotal"] == 85
    loaded = [s["session"]["loadedAt"] for s in sessions["data"]]
    assert loaded.count("2026-11-23T12:00:00.000+00:00") == 80


# --- JunctionTV ------------------------------------------------------------------------------


def test_jtv_empty_account(app):
    client = load(app, "jtv-empty-account")
    watch = client.get(f"{JTV}/watch/user@example.org", headers=BEARER).json()
    assert watch["count"] == 0 and watch["history"] == []
    assert client.get(f"{JTV}/fav/user@example.org", headers=BEARER).json()["favorites"] == []


def test_jtv_paused_at_80_on_mobile(app):
    client = load(app, "jtv-paused-at-80-on-mobile")
    paused = client.get(f"{JTV}/pausetime/user@example.org/NNVG20000001", headers=BEARER).json()
    assert paused["time"] == 4_000_000
    history = client.get(f"{JTV}/watch/user@example.org", headers=BEARER).json()["history"]
    assert [(h["id"], h["playCount"], h["viewTime"]) for h in history] == [("NNVG20000001", 1, 4000)]
    assert history[0]["lastPlayedOn"] == NOW_MS - 2 * 3_600_000


def test_jtv_history_to_overwrite(app):
    client = load(app, "jtv-history-to-overwrite")
    favorites = client.get(f"{JTV}/fav/user@example.org", headers=BEARER).json()["favorites"]
    assert [f["id"] for f in favorites] == ["NNVG30000002", "NNVG30000001"]
    history = client.get(f"{JTV}/watch/user@example.org", headers=BEARER).json()["history"]
    assert [(h["id"], h["playCount"], h["pauseTime"], h["userRating"]) for h in history] == [
        ("NNVG30000001", 7, 1_200_000, 4)
    ]
    assert history[0]["lastPlayedOn"] == NOW_MS - 30 * DAY_MS
    replaced = client.put(
        "/jtv/metax/3.0/ui/user/stat/user@example.org",
        params={"isDelta": "false"},
        json={"favorites": ["NNVG30000002"], "view_data": [{"asset_id": "NNVG30000002", "play_count": 1}]},
        headers=BEARER,
    )
    assert replaced.status_code == 200, replaced.text
    favorites = client.get(f"{JTV}/fav/user@example.org", headers=BEARER).json()["favorites"]
    assert [f["id"] for f in favorites] == ["NNVG30000002"]
    history = client.get(f"{JTV}/watch/user@example.org", headers=BEARER).json()["history"]
    assert [h["id"] for h in history] == ["NNVG30000002"]


# --- Nomad -----------------------------------------------------------------------------------


def test_nomad_base(app):
    client = load(app, "nomad-base")
    mine = client.get(f"{NOMAD}/media/my-content", headers=BEARER).json()
    assert mine["watching"] == [] and mine["watchlist"] == []
    login = client.post(
        f"{NOMAD}/account/login", json={"userName": "dev@nomad.example", "password": "dev-password"}
    )
    assert login.status_code == 200, login.text


def test_nomad_stopped_at_80(app):
    client = load(app, "nomad-stopped-at-80")
    watching = client.get(f"{NOMAD}/media/my-content", headers=BEARER).json()["watching"]
    assert [w["description"] for w in watching] == ["The Long Film"]
    properties = watching[0]["properties"]
    assert (properties["lastSecond"], properties["totalSeconds"]) == (4800.0, 6000.0)
    assert properties["lastBeaconDate"] == "2026-11-24T09:00:00.000Z"


def test_nomad_user_tracking_to_delete(app):
    client = load(app, "nomad-user-tracking-to-delete")

    def tracked() -> list[str]:
        items = client.get("/__admin/state", params={"api": "nomad", "collection": "tracking"}).json()
        return sorted(r["user_id"][-2:] for r in items["nomad"]["tracking"]["items"])

    assert tracked() == ["01", "ff", "ff"]
    deleted = client.post(
        f"{NOMAD}/admin/user/userVideoTracking/delete",
        json={"userId": "00000000-0000-4000-8000-0000000000ff"},
        headers=BEARER,
    )
    assert deleted.status_code == 200, deleted.text
    assert tracked() == ["01"]
    watching = client.get(f"{NOMAD}/media/my-content", headers=BEARER).json()["watching"]
    assert [w["description"] for w in watching] == ["The Long Film"]


# --- Syngrafii -------------------------------------------------------------------------------


def test_syngrafii_empty_package(app):
    client = load(app, "syngrafii-empty-package")
    package = "11111111-1111-4111-8111-111111111111"
    assert client.get(f"{SYN}/{package}/videos", headers=SYN_KEY).json()["videos"] == []
    deleted = client.post(f"{SYN}/{package}/videos/delete", json={"packageId": package}, headers=SYN_KEY)
    assert deleted.status_code == 200, deleted.text
    assert client.get(f"{SYN}/{package}/videos", headers=SYN_KEY).json()["videos"] == []


def test_syngrafii_videos_in_every_state(app):
    client = load(app, "syngrafii-videos-in-every-state")
    videos = client.get(f"{SYN}/22222222-2222-4222-8222-222222222222/videos", headers=SYN_KEY).json()[
        "videos"
    ]
    by_state = {v["state"]: v for v in videos}
    assert sorted(by_state) == ["archived", "deleted", "failed", "queued", "started", "stopped"]
    assert [s for s, v in by_state.items() if v["url"]] == ["archived"]
    assert by_state["started"]["duration"] is None and by_state["started"]["size"] is None


def test_syngrafii_retention_running_out(app):
    client = load(app, "syngrafii-retention-running-out")
    videos = client.get(f"{SYN}/33333333-3333-4333-8333-333333333333/videos", headers=SYN_KEY).json()[
        "videos"
    ]
    retention = {v["meetingVideoId"][-2:]: v["timeRetention"] for v in videos}
    assert retention == {"c1": "2026-11-23T12:00:00.000Z", "c2": "2026-11-26T12:00:00.000Z", "c3": None}
    assert {v["state"] for v in videos} == {"archived"}
