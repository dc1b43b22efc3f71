"""Query, path and header numbers are finite: NaN, Infinity and overflowing literals are refused
with a 400 in the vendor's shape naming the parameter, and nothing is written."""

from __future__ import annotations

import pytest

from conftest import DEV, IBM
from jtv_helpers import BEARER, JTV, SUB, ingest, row, stored

pytest_plugins = ["jtv_fixtures"]

REVIEW = f"{JTV}/metax/2.1/activity/review/{SUB}/6149"
NOT_NUMBERS = ["NaN", "nan", "Infinity", "-Infinity", "inf", "-inf", "1e999", "-1e999"]


@pytest.mark.parametrize("score", NOT_NUMBERS)
def test_jtv_rating_refuses_what_is_no_number_and_keeps_the_rating(jtv, jtv_app, score):
    ingest(jtv, {"view_data": [{"asset_id": "6149", "user_rating": 4}]})
    response = jtv.put(REVIEW, params={"score": score}, headers=BEARER)
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "score" and "score" in body["reason"]
    assert "not a finite number" in body["reason"]
    assert stored(jtv_app)["activity"]["6149"] == row(user_rating=4)
    assert jtv.put(REVIEW, params={"score": "4.5"}, headers=BEARER).status_code == 200
    assert stored(jtv_app)["activity"]["6149"] == row(user_rating=4.5)


def test_jtv_pause_time_refuses_infinity(jtv, jtv_app):
    before = stored(jtv_app)
    response = jtv.put(
        f"{JTV}/metax/2.1/activity/pausetime/{SUB}/6149", params={"time": "Infinity"}, headers=BEARER
    )
    assert response.status_code == 400 and response.json()["field"] == "time"
    assert stored(jtv_app) == before


@pytest.mark.parametrize("value", ["Infinity", "NaN", "1e999"])
def test_ibm_limit_refuses_infinity(client, value):
    range_ = {"date_time_from": "2026-11-01T00:00:00Z", "date_time_to": "2026-11-02T00:00:00Z"}
    response = client.get(f"{IBM}/views", params={**range_, "_limit": value}, headers=DEV)
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["source"] == {"parameter": "_limit"} and "_limit" in error["detail"]


@pytest.mark.parametrize("value", ["Infinity", "-Infinity", "NaN"])
def test_ibm_content_ids_refuse_infinity(client, value):
    range_ = {"date_time_from": "2026-11-01T00:00:00Z", "date_time_to": "2026-11-02T00:00:00Z"}
    response = client.get(f"{IBM}/views/recorded", params={**range_, "content_id": f"1,{value}"}, headers=DEV)
    assert response.status_code == 400
    assert response.json()["errors"][0]["source"] == {"parameter": "content_id"}


def test_apivideo_page_size_refuses_infinity(client):
    response = client.get("/apivideo/videos", params={"pageSize": "Infinity"}, headers=BEARER)
    assert response.status_code == 400
    body = response.json()
    assert body["name"] == "pageSize" and "pageSize" in body["detail"]


def test_nomad_beacon_second_refuses_infinity(client):
    response = client.get(
        "/nomad/api/asset/tracking",
        params={"assetId": "00000000-0000-0000-0000-000000000001", "second": "Infinity"},
        headers=BEARER,
    )
    assert response.status_code == 400
    assert "second" in response.json()["detail"]


def test_admin_limit_refuses_nan(client):
    response = client.get("/__admin/requests", params={"limit": "NaN"})
    assert response.status_code == 400
    assert response.json()["parameter"] == "limit"


# Python's int() and float() read these; none is a number as JSON (and every client) spells it.
NOT_NUMERALS = ["1_0", " 5", "5 ", "+5", "٣", "0x10", "5."]


@pytest.mark.parametrize("value", NOT_NUMERALS)
def test_numbers_are_read_only_as_json_spells_them(client, value):
    range_ = {"date_time_from": "2026-11-01T00:00:00Z", "date_time_to": "2026-11-02T00:00:00Z"}
    ibm = client.get(f"{IBM}/views", params={**range_, "_limit": value}, headers=DEV)
    assert ibm.status_code == 400
    assert ibm.json()["errors"][0]["source"] == {"parameter": "_limit"}
    apivideo = client.get("/apivideo/videos", params={"pageSize": value}, headers=BEARER)
    assert apivideo.status_code == 400 and apivideo.json()["name"] == "pageSize"
    ids = client.get(f"{IBM}/views/recorded", params={**range_, "content_id": f"1,{value}"}, headers=DEV)
    assert ids.status_code == 400 and ids.json()["errors"][0]["source"] == {"parameter": "content_id"}


@pytest.mark.parametrize("value", NOT_NUMERALS)
def test_a_jtv_score_spelled_otherwise_is_refused_and_the_rating_kept(jtv, jtv_app, value):
    ingest(jtv, {"view_data": [{"asset_id": "6149", "user_rating": 4}]})
    response = jtv.put(REVIEW, params={"score": value}, headers=BEARER)
    assert response.status_code == 400 and response.json()["field"] == "score"
    assert stored(jtv_app)["activity"]["6149"] == row(user_rating=4)


@pytest.mark.parametrize(("value", "limit"), [("7", 7), ("-0", None), ("007", 7), ("1e1", None)])
def test_json_numerals_still_read(client, value, limit):
    range_ = {"date_time_from": "2026-11-01T00:00:00Z", "date_time_to": "2026-11-30T00:00:00Z"}
    response = client.get(f"{IBM}/views", params={**range_, "_limit": value}, headers=DEV)
    if limit is None:  # an integer parameter: 1e1 is a number, -0 below the minimum of 1
        assert response.status_code == 400
    else:
        assert response.status_code == 200 and len(response.json()["data"]) == limit


# 2^53 - 1: the largest integer every JSON client reads exactly, and within what SQL can skip.
LARGEST = 9_007_199_254_740_991


def test_page_numbers_are_bounded_where_every_client_and_the_store_can_hold_them(client):
    range_ = {"date_time_from": "2026-11-01T00:00:00Z", "date_time_to": "2026-11-02T00:00:00Z"}
    for value, status in ((LARGEST, 200), (LARGEST + 1, 400), (575207384587722167418880, 400)):
        ibm = client.get(f"{IBM}/views", params={**range_, "_page": value}, headers=DEV)
        assert ibm.status_code == status
        apivideo = client.get("/apivideo/videos", params={"currentPage": value}, headers=BEARER)
        assert apivideo.status_code == status
        if status == 200:
            assert ibm.json()["data"] == [] and apivideo.json()["data"] == []
        else:
            assert ibm.json()["errors"][0]["source"] == {"parameter": "_page"}
            assert apivideo.json()["name"] == "currentPage"


def test_a_state_offset_past_every_row_is_an_empty_page_not_a_server_error(client):
    deep = client.get("/__admin/state", params={"limit": 1, "offset": LARGEST})
    assert deep.status_code == 200
    assert all(c["items"] == [] for api in deep.json().values() for c in api.values())
    refused = client.get("/__admin/state", params={"limit": 1, "offset": 575207384587722167418880})
    assert refused.status_code == 400 and refused.json()["parameter"] == "offset"
    since = client.get("/__admin/requests", params={"since": LARGEST + 1})
    assert since.status_code == 400 and since.json()["parameter"] == "since"
