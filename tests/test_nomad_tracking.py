"""Beacons (GET /asset/tracking) moving records forward as a player would, and what the
continue-watching calls read and change, on hand-built worlds."""

from __future__ import annotations

from datetime import timedelta

import pytest

pytest.register_assert_rewrite("nomad_fixtures")
pytest_plugins = ["nomad_fixtures"]

from nomad_fixtures import DEV, NOMAD, asset, nid, record, user  # noqa: E402
from vidmock.apis.nomad.accounts import DEV_USER_ID  # noqa: E402
from vidmock.apis.nomad.tracking import record_id  # noqa: E402

pytestmark = pytest.mark.also_on_postgresql

TRACK = f"{NOMAD}/asset/tracking"
MY = f"{NOMAD}/media/my-content"


@pytest.fixture
def catalog(empty_client, nomad_world):
    nomad_world(asset("film", "film-content", seconds=600.0), asset("news", live=True, seconds=0.0))
    return empty_client


def beacon(client, headers=DEV, **params):
    response = client.get(TRACK, params=params, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html") and response.text == "OK"


def the_record(stored, user_id=DEV_USER_ID, what="film", profile=None):
    return stored()[record_id(user_id, profile, nid(what))]


def test_a_first_beacon_creates_the_record_from_the_catalog_and_the_clock(catalog, stored):
    beacon(catalog, assetId=nid("film"), second=10)
    row = the_record(stored)
    assert row["content_id"] == nid("film-content") and row["total_seconds"] == 600.0
    assert (row["last_second"], row["max_second"]) == (10.0, 10.0)
    assert row["last_beacon_date"] == "2026-11-24T12:00:00.000Z"
    flags = ("is_first_quartile", "is_mid_point", "is_third_quartile", "is_complete", "is_hidden")
    assert not any(row[f] for f in flags)
    assert row["video_tracking_attribute"] == "Undefined" and row["is_live_stream"] is False


def test_a_viewing_session_moves_the_record_forward_only(catalog, stored, empty_app):
    film = nid("film")
    steps = [
        ({"trackingEvent": "Progress", "second": 120}, (120, 120), set()),
        ({"trackingEvent": "FirstQuartile", "second": 150}, (150, 150), {"is_first_quartile"}),
        ({"second": 40}, (40, 150), {"is_first_quartile"}),  # a seek back; no event means Progress
        ({"trackingEvent": "2", "second": 300}, (300, 300), {"is_first_quartile", "is_mid_point"}),
        (
            {"trackingEvent": "ThirdQuartile"},
            (300, 300),
            {"is_first_quartile", "is_mid_point", "is_third_quartile"},
        ),
        (
            {"trackingEvent": "Complete", "second": 600},
            (600, 600),
            {"is_first_quartile", "is_mid_point", "is_third_quartile", "is_complete"},
        ),
        (
            {"trackingEvent": "0", "second": 20},
            (20, 600),
            {"is_first_quartile", "is_mid_point", "is_third_quartile", "is_complete"},
        ),
    ]
    flags = ("is_first_quartile", "is_mid_point", "is_third_quartile", "is_complete", "is_hidden")
    for params, (last, furthest), raised in steps:
        empty_app.world.clock.advance(timedelta(seconds=30))
        beacon(catalog, assetId=film, **params)
        row = the_record(stored)
        assert (row["last_second"], row["max_second"]) == (last, furthest), params
        assert {f for f in flags if row[f]} == raised, params
    assert row["last_beacon_date"] == "2026-11-24T12:03:30.000Z"
    assert len(stored()) == 1


@pytest.mark.parametrize(
    ("event", "flag"),
    [
        ("Hide", "is_hidden"),
        ("5", "is_hidden"),
        ("4", "is_complete"),
        ("1", "is_first_quartile"),
        ("3", "is_third_quartile"),
    ],
)
def test_events_by_name_and_by_number_latch_their_flag(catalog, stored, event, flag):
    beacon(catalog, assetId=nid("film"), trackingEvent=event, second=30)
    beacon(catalog, assetId=nid("film"), trackingEvent="Progress", second=60)
    assert the_record(stored)[flag] is True


def test_without_asset_or_live_channel_nothing_is_recorded(catalog, stored):
    beacon(catalog, trackingEvent="Progress", second=10, contentId=nid("film-content"))
    assert stored() == {}


def test_a_live_channel_is_tracked_as_a_live_stream_and_not_continued(catalog, stored):
    beacon(catalog, livechannelId=nid("news"), trackingEvent="LiveStream", second=5)
    row = the_record(stored, what="news")
    assert row["is_live_stream"] is True and row["video_tracking_attribute"] == "LiveStream"
    assert catalog.get(MY, headers=DEV).json()["watching"] == []


def test_profiles_keep_their_own_records(catalog, stored):
    profile = nid("kid")
    beacon(catalog, assetId=nid("film"), second=50, profileId=profile)
    assert the_record(stored, profile=profile)["max_second"] == 50.0
    assert catalog.get(MY, headers=DEV).json()["watching"] == []
    kid = catalog.get(f"{MY}/{profile}", headers=DEV).json()["watching"]
    assert [item["id"] for item in kid] == [nid("film")]


def test_each_caller_writes_their_own_record(catalog, nomad_world, stored):
    nomad_world(user("alice"))
    login = catalog.post(
        f"{NOMAD}/account/login", json={"userName": "alice@example.com", "password": "secret"}
    )
    alice = {"Authorization": f"Bearer {login.json()['token']}"}
    beacon(catalog, headers=alice, assetId=nid("film"), second=70)
    beacon(catalog, assetId=nid("film"), second=20)
    assert the_record(stored, user_id=nid("alice"))["max_second"] == 70.0
    assert the_record(stored)["max_second"] == 20.0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"assetId": "film", "second": 1}, "assetId"),
        ({"livechannelId": "12", "second": 1}, "livechannelId"),
        ({"assetId": nid("film"), "contentId": "x"}, "contentId"),
        ({"assetId": nid("film"), "profileId": f"{nid('kid')}\n"}, "profileId"),
        ({"assetId": nid("film"), "second": -1}, "second"),
        ({"assetId": nid("film"), "second": "ten"}, "second"),
        ({"assetId": nid("film"), "trackingEvent": "Paused"}, "trackingEvent"),
        ({"assetId": nid("film"), "trackingEvent": "progress"}, "trackingEvent"),
        ({"assetId": nid("film"), "trackingEvent": "7"}, "trackingEvent"),
        ({"assetId": nid("film"), "position": 3}, "position"),
    ],
)
def test_bad_beacons_are_400_naming_the_parameter_and_write_nothing(catalog, stored, params, field):
    response = catalog.get(TRACK, params=params, headers=DEV)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert stored() == {}


def test_a_beacon_without_a_token_is_401_and_writes_nothing(catalog, stored):
    response = catalog.get(TRACK, params={"assetId": nid("film"), "second": 3})
    assert response.status_code == 401 and response.json()["title"] == "Unauthorized"
    assert stored() == {}


def test_a_head_beacon_records_as_the_get_does_and_answers_headers_only(catalog, stored):
    # Nomad's own document declares HEAD on the beacon; the served spec declares it too.
    response = catalog.head(TRACK, params={"assetId": nid("film"), "second": 42}, headers=DEV)
    assert response.status_code == 200 and response.content == b""
    assert response.headers["content-type"].startswith("text/html")
    assert (the_record(stored)["last_second"], the_record(stored)["max_second"]) == (42.0, 42.0)
    # Served by the spec's own HEAD operation, so the journal and fault rules see it as such.
    journaled = catalog.get("/__admin/requests", params={"method": "HEAD", "limit": 1}).json()["requests"]
    assert journaled[0]["operation_id"] == "trackHead"


def test_a_head_beacon_is_refused_as_the_get_is(catalog, stored):
    assert catalog.head(TRACK, params={"assetId": nid("film"), "second": -1}, headers=DEV).status_code == 400
    assert catalog.head(TRACK, params={"assetId": nid("film"), "second": 3}).status_code == 401
    assert stored() == {}


# --- continue watching ----------------------------------------------------------------------


@pytest.fixture
def shelf(empty_client, nomad_world):
    nomad_world(
        user("alice"),
        asset("older", "c-older"),
        asset("newer", "c-newer"),
        asset("done"),
        asset("gone"),
        asset("saved", "c-saved"),
        asset("saved-started"),
        record("dev", "older", "c-older", last_beacon_date="2026-11-01T08:00:00.000Z", last_second=42.0),
        record("dev", "newer", "c-newer", last_beacon_date="2026-11-23T08:00:00.000Z"),
        record("dev", "done", is_complete=True),
        record("dev", "gone", is_hidden=True),
        record(
            "dev",
            "saved",
            "c-saved",
            video_tracking_attribute="Watchlist",
            last_beacon_date=None,
            max_second=0.0,
            last_second=0.0,
        ),
        record("dev", "saved-started", video_tracking_attribute="Watchlist"),
        record("alice", "older", "c-older"),
    )
    return empty_client


def test_my_content_lists_watching_and_watchlist(shelf):
    body = shelf.get(MY, headers=DEV).json()
    assert [i["id"] for i in body["watching"]] == [nid("newer"), nid("saved-started"), nid("older")]
    assert [i["id"] for i in body["watchlist"]] == [nid("saved"), nid("saved-started")]
    assert body["likedContent"] == [] and body["dislikedContent"] == []
    assert body["watching"][2] == {
        "id": nid("older"),
        "description": "Older",
        "type": "Asset",
        "properties": {
            "contentId": nid("c-older"),
            "lastSecond": 42.0,
            "maxSecond": 100.0,
            "totalSeconds": 600.0,
            "lastBeaconDate": "2026-11-01T08:00:00.000Z",
        },
    }


def test_clear_watching_drops_progress_but_keeps_the_watchlist(shelf, stored):
    assert shelf.post(f"{NOMAD}/media/clear-watching", headers=DEV).status_code == 200
    body = shelf.get(MY, headers=DEV).json()
    assert body["watching"] == []
    assert [i["id"] for i in body["watchlist"]] == [nid("saved"), nid("saved-started")]
    kept = the_record(stored, what="saved-started")
    assert (kept["max_second"], kept["last_beacon_date"]) == (0.0, None)
    assert the_record(stored, user_id=nid("alice"), what="older")["max_second"] == 100.0  # not alice's


def test_clear_watching_of_one_asset_and_of_another_user(shelf, stored):
    shelf.post(f"{NOMAD}/media/clear-watching", params={"assetId": nid("older")}, headers=DEV)
    watching = shelf.get(MY, headers=DEV).json()["watching"]
    assert [i["id"] for i in watching] == [nid("newer"), nid("saved-started")]
    shelf.post(f"{NOMAD}/media/clear-watching", params={"userId": nid("alice")}, headers=DEV)
    assert all(row["user_id"] == DEV_USER_ID for row in stored().values())
    unknown = shelf.post(f"{NOMAD}/media/clear-watching", params={"userId": nid("nobody")}, headers=DEV)
    assert unknown.status_code == 404 and list(unknown.json()["errors"]) == ["userId"]


def test_remove_watching_hides_by_asset_or_content(shelf, stored):
    hide = f"{NOMAD}/portal/remove-watching"
    assert shelf.post(f"{hide}/{nid('older')}", headers=DEV).json() is True
    assert shelf.post(f"{hide}/{nid('c-newer')}", headers=DEV).json() is True
    assert [i["id"] for i in shelf.get(MY, headers=DEV).json()["watching"]] == [nid("saved-started")]
    assert the_record(stored, user_id=nid("alice"), what="older")["is_hidden"] is False


def test_remove_watching_of_an_untracked_catalog_item_creates_a_hidden_record(shelf, nomad_world, stored):
    nomad_world(asset("fresh", "c-fresh"))
    before = len(stored())
    assert shelf.post(f"{NOMAD}/portal/remove-watching/{nid('c-fresh')}", headers=DEV).json() is True
    row = the_record(stored, what="fresh")
    assert row["is_hidden"] is True and row["content_id"] == nid("c-fresh")
    assert len(stored()) == before + 1


def test_remove_watching_of_an_unknown_id_is_false_and_writes_nothing(shelf, stored):
    before = stored()
    response = shelf.post(f"{NOMAD}/portal/remove-watching/{nid('nothing')}", headers=DEV)
    assert response.status_code == 200 and response.json() is False
    assert stored() == before
