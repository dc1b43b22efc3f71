"""JTV MetaX ingest (`PUT /metax/3.0/ui/user/stat/{SUBSCRIBER_ID}`): isDelta overwrite and
merge, units, unknown assets, and bad input that writes nothing. Expected states are worked
out by hand and read straight from the store."""

from __future__ import annotations

import pytest

from jtv_helpers import BEARER, JTV, SUB, ingest, row, stored

pytestmark = pytest.mark.also_on_postgresql

pytest_plugins = ["jtv_fixtures"]

OTHER = "bob@example.org"


@pytest.fixture
def history(jtv, jtv_app):
    """Ada has two favorites and activity on two assets; Bob has one of each."""
    body = {
        "favorites": ["NNVG10006424", "6149"],
        "view_data": [
            {"asset_id": "NNVG10006424", "play_count": 3, "view_time": 5400, "pause_time": 95},
            {"asset_id": "6149", "play_count": 1, "user_rating": 4, "last_played_on": 1_795_000_000_000},
        ],
    }
    assert ingest(jtv, body, isDelta="false").status_code == 200
    assert ingest(jtv, {"favorites": ["6149"], "view_data": [{"asset_id": "6149"}]}, OTHER).status_code == 200
    return jtv


ADA = {
    "favorites": ["NNVG10006424", "6149"],
    "activity": {
        "NNVG10006424": row(play_count=3, view_time=5400, pause_time_ms=95_000),
        "6149": row(play_count=1, user_rating=4, last_played_on=1_795_000_000_000),
    },
}
BOB = {"favorites": ["6149"], "activity": {"6149": row()}}


def test_the_hand_built_history_is_what_the_store_holds(history, jtv_app):
    assert stored(jtv_app) == ADA
    assert stored(jtv_app, OTHER) == BOB


# --- isDelta=false ---------------------------------------------------------------------------


def test_overwrite_replaces_the_whole_history(history, jtv_app):
    response = ingest(
        history, {"favorites": ["X9"], "view_data": [{"asset_id": "6149", "view_time": 60}]}, isDelta="false"
    )
    assert response.status_code == 200
    assert response.json() == {
        "result": "success",
        "message": "Activity history replaced",
        "subscriber_id": SUB,
        "isDelta": False,
        "favorites": 1,
        "assets": 1,
    }
    # The old 6149 fields (play_count, rating, last played) are gone, not merged.
    assert stored(jtv_app) == {"favorites": ["X9"], "activity": {"6149": row(view_time=60)}}
    assert stored(jtv_app, OTHER) == BOB


def test_overwrite_without_favorites_leaves_none(history, jtv_app):
    assert ingest(history, {"view_data": [{"asset_id": "6149"}]}, isDelta="false").status_code == 200
    assert stored(jtv_app) == {"favorites": [], "activity": {"6149": row()}}


def test_overwrite_with_an_empty_body_erases_everything(history, jtv_app):
    assert ingest(history, {}, isDelta="false").json()["assets"] == 0
    assert stored(jtv_app) == {"favorites": [], "activity": {}}


# --- isDelta=true ----------------------------------------------------------------------------


def test_delta_favorites_replace_the_list(history, jtv_app):
    response = ingest(history, {"favorites": ["6149", "A1"]}, isDelta="true")
    assert response.json()["favorites"] == 2 and response.json()["isDelta"] is True
    assert stored(jtv_app) == {**ADA, "favorites": ["6149", "A1"]}


def test_delta_empty_favorites_erase_the_list(history, jtv_app):
    assert ingest(history, {"favorites": []}).status_code == 200
    assert stored(jtv_app) == {**ADA, "favorites": []}


def test_delta_without_favorites_keeps_them_and_is_the_default(history, jtv_app):
    # No isDelta parameter at all: the default is true.
    response = ingest(history, {"view_data": [{"asset_id": "A1", "play_count": 1}]})
    assert response.json()["message"] == "Activity history updated" and response.json()["isDelta"] is True
    assert stored(jtv_app) == {
        "favorites": ["NNVG10006424", "6149"],
        "activity": {**ADA["activity"], "A1": row(play_count=1)},
    }


def test_delta_entry_updates_only_the_fields_it_carries(history, jtv_app):
    response = ingest(history, {"view_data": [{"asset_id": "NNVG10006424", "user_rating": 2.5}]})
    assert response.json()["assets"] == 2
    # The new rating keeps view_time, play_count and pause time; 6149 is untouched.
    assert stored(jtv_app) == {
        **ADA,
        "activity": {
            "NNVG10006424": row(play_count=3, view_time=5400, pause_time_ms=95_000, user_rating=2.5),
            "6149": ADA["activity"]["6149"],
        },
    }


def test_delta_zero_is_a_value_not_an_absence(history, jtv_app):
    ingest(history, {"view_data": [{"asset_id": "NNVG10006424", "pause_time": 0, "play_count": 0}]})
    assert stored(jtv_app)["activity"]["NNVG10006424"] == row(play_count=0, view_time=5400, pause_time_ms=0)


def test_repeated_entries_apply_in_order_and_repeated_favorites_count_once(jtv, jtv_app):
    body = {
        "user_id": "ignored@example.org",
        "favorites": ["6149", "A1", "6149"],
        "view_data": [
            {"asset_id": "A1", "play_count": 1, "view_time": 10},
            {"asset_id": "A1", "play_count": 2},
        ],
    }
    assert ingest(jtv, body).json()["favorites"] == 2
    assert stored(jtv_app) == {
        "favorites": ["6149", "A1"],
        "activity": {"A1": row(play_count=2, view_time=10)},
    }
    assert stored(jtv_app, "ignored@example.org") == {"favorites": [], "activity": {}}


# --- units and what the reads show -------------------------------------------------------------


def test_pause_time_seconds_read_back_as_milliseconds(history):
    got = history.get(f"{JTV}/metax/2.1/activity/pausetime/{SUB}/NNVG10006424", headers=BEARER)
    assert got.json() == {
        "result": "success",
        "subscriber_id": SUB,
        "asset_id": "NNVG10006424",
        "time": 95_000,
    }
    watch = history.get(f"{JTV}/metax/2.1/activity/watch/{SUB}", headers=BEARER).json()
    by_id = {item["id"]: item for item in watch["history"]}
    assert by_id["NNVG10006424"]["pauseTime"] == 95_000 and by_id["NNVG10006424"]["viewTime"] == 5400


def test_unknown_assets_are_stored_and_shown_with_null_catalogue_fields(jtv, jtv_app):
    body = {"favorites": ["NOPE1", "6149"], "view_data": [{"asset_id": "NOPE1", "play_count": 1}]}
    assert ingest(jtv, body).status_code == 200
    assert stored(jtv_app) == {"favorites": ["NOPE1", "6149"], "activity": {"NOPE1": row(play_count=1)}}
    favs = jtv.get(f"{JTV}/metax/2.1/activity/fav/{SUB}", headers=BEARER).json()
    assert favs["favorites"] == [
        {"id": "NOPE1", "title": None, "thumbnail": None},
        {"id": "6149", "title": "Pilot", "thumbnail": "https://img.example/6149.jpg"},
    ]


# --- bad input: 400 naming the field, nothing written --------------------------------------------

GOOD_ENTRY = {"asset_id": "6149", "play_count": 9}

BAD = [
    ({"view_data": [GOOD_ENTRY, {"asset_id": "A1", "user_rating": 5.5}]}, {}, "view_data[1].user_rating"),
    ({"view_data": [{"asset_id": "A1", "user_rating": -1}]}, {}, "view_data[0].user_rating"),
    ({"view_data": [{"asset_id": "A1", "play_count": -1}]}, {}, "view_data[0].play_count"),
    ({"view_data": [{"asset_id": "A1", "view_time": -5}]}, {}, "view_data[0].view_time"),
    ({"view_data": [{"asset_id": "A1", "pause_time": -1}]}, {}, "view_data[0].pause_time"),
    ({"view_data": [{"asset_id": "A1", "last_played_on": -1}]}, {}, "view_data[0].last_played_on"),
    ({"favorites": ["6149"], "view_data": [GOOD_ENTRY, {"play_count": 1}]}, {}, "view_data[1].asset_id"),
    ({"view_data": [{"asset_id": "A1", "play_count": "3"}]}, {}, "view_data[0].play_count"),
    ({"view_data": [{"asset_id": "A1", "play_count": 1.5}]}, {}, "view_data[0].play_count"),
    ({"view_data": [{"asset_id": "A1", "user_rating": "4"}]}, {}, "view_data[0].user_rating"),
    ({"view_data": [{"asset_id": 6149}]}, {}, "view_data[0].asset_id"),
    ({"view_data": {"asset_id": "A1"}}, {}, "view_data"),
    ({"favorites": "6149"}, {}, "favorites"),
    ({"favorites": ["6149", None]}, {}, "favorites[1]"),
    ({"favorites": ["has space"]}, {}, "favorites[0]"),
    ({"favourites": []}, {}, "favourites"),
    ({"view_data": [{"asset_id": "A1", "rating": 3}]}, {}, "view_data[0].rating"),
    ({"favorites": []}, {"isDelta": "maybe"}, "isDelta"),
]


@pytest.mark.parametrize(("body", "params", "field"), BAD, ids=[b[2] for b in BAD])
def test_bad_input_is_rejected_whole_naming_the_field(history, jtv_app, body, params, field):
    # isDelta=false by default: a request that slipped through would erase Ada's history.
    response = ingest(history, body, **({"isDelta": "false"} | params))
    assert response.status_code == 400
    error = response.json()
    assert set(error) == {"result", "message", "reason", "field"}
    assert (error["result"], error["message"], error["field"]) == ("error", "BAD_REQUEST", field)
    assert field.split(".")[-1].split("[")[0] in error["reason"]
    assert stored(jtv_app) == ADA


def test_a_body_that_is_not_json_is_rejected(history, jtv_app):
    response = history.put(
        f"{JTV}/metax/3.0/ui/user/stat/{SUB}",
        content=b'{"favorites": [',
        headers={**BEARER, "Content-Type": "application/json"},
    )
    assert response.status_code == 400 and response.json()["message"] == "BAD_REQUEST"
    assert stored(jtv_app) == ADA
