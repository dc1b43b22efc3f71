"""JTV MetaX 2.1 activity calls over the same state as the ingest (favorites, watch history,
pause time, rating), and the credentials: the UMS token endpoint and the Bearer header."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest

from conftest import make_app
from jtv_helpers import BEARER, JTV, SUB, ingest, row, stored

pytestmark = pytest.mark.also_on_postgresql

pytest_plugins = ["jtv_fixtures"]

ACT = f"{JTV}/metax/2.1/activity"
NOW_MS = 1_795_521_600_000  # conftest's NOW, 2026-11-24T12:00:00Z


# --- favorites ---------------------------------------------------------------------------------


def test_favorites_min_and_max(jtv):
    ingest(jtv, {"favorites": ["6149", "NNVG10006424"]})
    small = jtv.get(f"{ACT}/fav/{SUB}", headers=BEARER).json()
    assert small == {
        "result": "success",
        "subscriber_id": SUB,
        "size": "min",
        "count": 2,
        "favorites": [
            {"id": "6149", "title": "Pilot", "thumbnail": "https://img.example/6149.jpg"},
            {
                "id": "NNVG10006424",
                "title": "The Long Night",
                "thumbnail": "https://img.example/NNVG10006424.jpg",
            },
        ],
    }
    large = jtv.get(f"{ACT}/fav/{SUB}", params={"size": "max"}, headers=BEARER).json()
    assert large["size"] == "max"
    assert large["favorites"][0] == {
        "id": "6149",
        "title": "Pilot",
        "thumbnail": "https://img.example/6149.jpg",
        "type": "episode",
        "description": "About 6149",
        "genres": ["Drama"],
        "duration": 3600,
        "releaseYear": 2020,
        "parentalRating": "TV-14",
        "tags": ["new"],
    }


def test_a_subscriber_without_activity_has_empty_lists(jtv):
    assert jtv.get(f"{ACT}/fav/nobody@example.org", headers=BEARER).json()["favorites"] == []
    assert jtv.get(f"{ACT}/watch/nobody@example.org", headers=BEARER).json()["history"] == []
    assert jtv.get(f"{ACT}/pausetime/nobody@example.org/6149", headers=BEARER).json()["time"] == 0


def test_add_appends_once_and_remove_takes_it_out(jtv, jtv_app):
    ingest(jtv, {"favorites": ["6149"]})
    added = jtv.put(f"{ACT}/fav/{SUB}/NNVG10006424", params={"type": "vod"}, headers=BEARER)
    assert added.json() == {
        "result": "success",
        "message": "Added to favorites",
        "subscriber_id": SUB,
        "asset_id": "NNVG10006424",
    }
    again = jtv.put(f"{ACT}/fav/{SUB}/NNVG10006424", headers=BEARER)
    assert again.json()["message"] == "Already in favorites"
    assert stored(jtv_app)["favorites"] == ["6149", "NNVG10006424"]
    assert jtv.delete(f"{ACT}/fav/{SUB}/6149", headers=BEARER).json()["message"] == "Removed from favorites"
    assert jtv.delete(f"{ACT}/fav/{SUB}/6149", headers=BEARER).json()["message"] == "Not in favorites"
    assert stored(jtv_app)["favorites"] == ["NNVG10006424"]
    # The ingest sees the 2.1 edits: a delta without favorites keeps them.
    ingest(jtv, {"view_data": [{"asset_id": "6149", "play_count": 1}]})
    assert stored(jtv_app)["favorites"] == ["NNVG10006424"]


# --- watch history -----------------------------------------------------------------------------


def test_watch_history_is_last_played_first_and_skips_rating_only_assets(jtv):
    ingest(
        jtv,
        {
            "view_data": [
                {"asset_id": "A1", "view_time": 30},  # never played: after the played ones
                {"asset_id": "6149", "last_played_on": 1_000, "play_count": 1},
                {"asset_id": "NNVG10006424", "last_played_on": 2_000, "pause_time": 12, "user_rating": 5},
                {"asset_id": "R1", "user_rating": 3},  # a rating only: not history
            ]
        },
    )
    body = jtv.get(f"{ACT}/watch/{SUB}", headers=BEARER).json()
    assert body["count"] == 3
    assert [item["id"] for item in body["history"]] == ["NNVG10006424", "6149", "A1"]
    assert body["history"][0] == {
        "id": "NNVG10006424",
        "title": "The Long Night",
        "thumbnail": "https://img.example/NNVG10006424.jpg",
        "type": "vod",
        "playCount": None,
        "viewTime": None,
        "pauseTime": 12_000,
        "lastPlayedOn": 2_000,
        "userRating": 5,
    }
    assert body["history"][2]["title"] is None and body["history"][2]["type"] is None


def test_recording_a_play_and_removing_it_keeps_the_rating(jtv, jtv_app):
    ingest(jtv, {"view_data": [{"asset_id": "6149", "play_count": 2, "view_time": 70, "user_rating": 4}]})
    assert jtv.put(f"{ACT}/watch/{SUB}/6149", headers=BEARER).status_code == 200
    assert jtv.put(f"{ACT}/watch/{SUB}/A1", params={"type": "episode"}, headers=BEARER).status_code == 200
    assert stored(jtv_app)["activity"] == {
        "6149": row(play_count=3, view_time=70, last_played_on=NOW_MS, user_rating=4),
        "A1": row(play_count=1, last_played_on=NOW_MS),
    }
    removed = jtv.delete(f"{ACT}/watch/{SUB}/6149", headers=BEARER).json()
    assert removed["message"] == "Removed from watch history"
    jtv.delete(f"{ACT}/watch/{SUB}/A1", headers=BEARER)
    assert stored(jtv_app)["activity"] == {"6149": row(user_rating=4)}
    assert jtv.get(f"{ACT}/watch/{SUB}", headers=BEARER).json()["history"] == []
    assert jtv.delete(f"{ACT}/watch/{SUB}/6149", headers=BEARER).json()["message"] == "Not in watch history"


# --- pause time and rating ---------------------------------------------------------------------


def test_pause_time_is_milliseconds_and_under_ten_seconds_is_ignored(jtv, jtv_app):
    ingest(jtv, {"view_data": [{"asset_id": "6149", "pause_time": 95, "view_time": 400}]})
    pausetime = f"{ACT}/pausetime/{SUB}/6149"
    assert jtv.get(pausetime, headers=BEARER).json()["time"] == 95_000

    saved = jtv.put(pausetime, params={"time": 125_500}, headers=BEARER).json()
    assert saved["ignored"] is False
    assert jtv.get(pausetime, headers=BEARER).json()["time"] == 125_500

    ignored = jtv.put(pausetime, params={"time": 9_999}, headers=BEARER).json()
    assert ignored["ignored"] is True and ignored["message"] == "Pause time under 10 s ignored"
    assert jtv.get(pausetime, headers=BEARER).json()["time"] == 125_500

    jtv.put(pausetime, params={"time": 10_000}, headers=BEARER)
    assert stored(jtv_app)["activity"]["6149"] == row(view_time=400, pause_time_ms=10_000)

    # Back through the ingest: seconds in, milliseconds out.
    ingest(jtv, {"view_data": [{"asset_id": "6149", "pause_time": 7}]})
    assert jtv.get(pausetime, headers=BEARER).json()["time"] == 7_000


def test_review_sets_the_rating_and_keeps_the_rest(jtv, jtv_app):
    ingest(jtv, {"view_data": [{"asset_id": "6149", "play_count": 2, "view_time": 70}]})
    assert jtv.put(f"{ACT}/review/{SUB}/6149", params={"score": 3.5}, headers=BEARER).status_code == 200
    assert stored(jtv_app)["activity"]["6149"] == row(play_count=2, view_time=70, user_rating=3.5)


@pytest.mark.parametrize(
    ("method", "path", "params", "field"),
    [
        ("put", "/review/{sub}/6149", {"score": 5.01}, "score"),
        ("put", "/review/{sub}/6149", {"score": "high"}, "score"),
        ("put", "/review/{sub}/6149", {}, "score"),
        ("put", "/pausetime/{sub}/6149", {"time": -1}, "time"),
        ("put", "/pausetime/{sub}/6149", {"time": "1.5"}, "time"),
        ("put", "/fav/{sub}/6149", {"type": "movie"}, "type"),
        ("get", "/fav/{sub}", {"size": "huge"}, "size"),
        ("get", "/pausetime/{sub}/bad%20id", {}, "ASSET_ID"),
        ("get", "/watch/{sub}", {"page": 2}, "page"),
    ],
)
def test_bad_parameters_name_the_field_and_write_nothing(jtv, jtv_app, method, path, params, field):
    ingest(jtv, {"favorites": ["6149"], "view_data": [{"asset_id": "6149", "play_count": 1}]})
    before = stored(jtv_app)
    response = getattr(jtv, method)(ACT + path.format(sub=SUB), params=params, headers=BEARER)
    assert response.status_code == 400
    assert response.json()["field"] == field and field in response.json()["reason"]
    assert stored(jtv_app) == before


# --- credentials -------------------------------------------------------------------------------


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def token(client, headers) -> object:
    return client.post(f"{JTV}/ums/2.0/oauth/", data={"grant_type": "client_credentials"}, headers=headers)


def test_the_token_endpoint_issues_a_bearer_token_that_expires_on_the_clock(jtv, jtv_app):
    issued = token(jtv, basic("dev-client", "dev-secret"))
    assert issued.status_code == 200
    body = issued.json()
    assert (body["version"], body["client_id"], body["expires_in"]) == ("1.1", "dev-client", 3600)
    auth = {"Authorization": f"Bearer {body['access_token']}"}
    assert jtv.get(f"{ACT}/fav/{SUB}", headers=auth).status_code == 200
    jtv_app.world.clock.advance(timedelta(seconds=3600))
    expired = jtv.get(f"{ACT}/fav/{SUB}", headers=auth)
    assert expired.status_code == 401 and expired.json()["message"] == "UNAUTHORIZED"


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({}, "No Authorization Token"),
        (basic("dev-client", "wrong"), "Invalid client credentials"),
        (basic("someone", "dev-secret"), "Invalid client credentials"),
        ({"Authorization": "Bearer dev-token"}, "No Authorization Token"),
    ],
)
def test_the_token_endpoint_refuses_missing_or_wrong_basic_credentials(jtv, headers, reason):
    refused = token(jtv, headers)
    assert refused.status_code == 401
    assert refused.json()["result"] == "error" and refused.json()["message"] == "UNAUTHORIZED"
    assert refused.json()["reason"].startswith(reason)


def test_the_token_endpoint_wants_the_client_credentials_grant(jtv):
    wrong = jtv.post(
        f"{JTV}/ums/2.0/oauth/", data={"grant_type": "password"}, headers=basic("dev-client", "dev-secret")
    )
    assert wrong.status_code == 400 and wrong.json()["field"] == "grant_type"


def test_calls_without_a_valid_bearer_token_are_401_in_jtvs_shape(jtv, jtv_app):
    assert jtv.get(f"{ACT}/fav/{SUB}").json() == {
        "result": "error",
        "message": "UNAUTHORIZED",
        "reason": "No Authorization Token",
    }
    for headers in (
        {"Authorization": "Bearer nope"},
        {"Authorization": "dev-token"},
        basic("dev-client", "dev-secret"),
    ):
        response = ingest(jtv, {"favorites": ["6149"]}, headers=headers)
        assert response.status_code == 401 and response.json()["message"] == "UNAUTHORIZED"
    # A token of another API (IBM's) is not JTV's.
    ibm = jtv_app.world.tokens.issue("ibm-analytics", "dev-client", 3600).value
    assert ingest(jtv, {"favorites": ["6149"]}, headers={"Authorization": f"Bearer {ibm}"}).status_code == 401
    assert stored(jtv_app) == {"favorites": [], "activity": {}}


def test_unknown_paths_answer_in_jtvs_shape(jtv):
    response = jtv.get(f"{JTV}/metax/2.1/activity/nothing", headers=BEARER)
    assert response.status_code == 404
    assert response.json()["result"] == "error" and response.json()["message"] == "NOT_FOUND"


def test_served_alone_the_paths_are_jtvs_own():
    alone = make_app(api="jtv").test_client()
    assert alone.get(f"/metax/2.1/activity/fav/{SUB}", headers=BEARER).status_code == 200
    refused = alone.post("/ums/2.0/oauth/", data={"grant_type": "client_credentials"})
    assert refused.json()["reason"] == "No Authorization Token"
    # The control API stays reachable beside an API mounted at the root.
    assert alone.get("/__admin/health").json()["status"] == "ok"
