"""IBM Analytics part 1 through the HTTP API: views, viewers, time zones, pagination, errors, auth."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from conftest import DEV, IBM, segment, sid

pytestmark = pytest.mark.also_on_postgresql


def ts(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp())


def views(client, path="/views", headers=DEV, **params):
    return client.get(IBM + path, params=params, headers=headers)


def error_of(response) -> dict:
    body = response.json()
    assert list(body) == ["errors"] and len(body["errors"]) == 1
    return body["errors"][0]


# --- time zones ----------------------------------------------------------------------------


def test_a_time_without_offset_is_los_angeles_and_answers_use_it(empty_client, add_segments):
    add_segments(segment("evening", ts("2026-11-10T18:30:00+00:00"), ts("2026-11-10T18:40:00+00:00")))
    # 10:00-11:00 in Los Angeles (PST, UTC-8) is 18:00-19:00 UTC.
    body = views(
        empty_client, date_time_from="2026-11-10T10:00:00", date_time_to="2026-11-10T11:00:00"
    ).json()
    assert [item["attributes"]["view_id"] for item in body["data"]] == [sid("evening")]
    attributes = body["data"][0]["attributes"]
    assert attributes["started_at"] == "2026-11-10T10:30:00-08:00"
    assert attributes["finished_at"] == "2026-11-10T10:40:00-08:00"
    # Read as UTC the same wall times would miss it.
    utc = views(empty_client, date_time_from="2026-11-10T10:00:00Z", date_time_to="2026-11-10T11:00:00Z")
    assert utc.json()["data"] == []


def test_answers_follow_daylight_saving_in_los_angeles(empty_client, add_segments):
    add_segments(
        segment("before-change", ts("2026-03-08T09:30:00+00:00"), ts("2026-03-08T09:40:00+00:00")),
        segment("after-change", ts("2026-03-08T18:30:00+00:00"), ts("2026-03-08T18:40:00+00:00")),
    )
    body = views(
        empty_client, date_time_from="2026-03-08T00:00:00", date_time_to="2026-03-08T12:00:00"
    ).json()
    started = [item["attributes"]["started_at"] for item in body["data"]]
    assert started == ["2026-03-08T01:30:00-08:00", "2026-03-08T11:30:00-07:00"]


def test_answers_use_the_offset_of_date_time_from(empty_client, add_segments):
    add_segments(segment("s", ts("2026-11-10T18:30:00+00:00"), None))
    body = views(
        empty_client, date_time_from="2026-11-10T23:00:00+05:30", date_time_to="2026-11-11T01:00:00+05:30"
    ).json()
    attributes = body["data"][0]["attributes"]
    assert attributes["started_at"] == "2026-11-11T00:00:00+05:30"
    assert attributes["finished_at"] is None


# --- pagination ----------------------------------------------------------------------------


@pytest.fixture
def five(empty_client, add_segments):
    add_segments(*(segment(f"s{i}", 1_790_000_000 + i * 60, 1_790_000_000 + i * 60 + 30) for i in range(5)))
    return empty_client


RANGE = {"date_time_from": "2026-09-01T00:00:00Z", "date_time_to": "2026-09-30T00:00:00Z"}


def test_pagination_counts_all_items_and_links_keep_the_query(five):
    body = views(five, **RANGE, _limit=2, _page=2).json()
    assert [item["attributes"]["view_id"] for item in body["data"]] == [sid("s2"), sid("s3")]
    query = "date_time_from=2026-09-01T00%3A00%3A00Z&date_time_to=2026-09-30T00%3A00%3A00Z"
    assert body["pagination"] == {
        "count": 5,
        "self": {"href": f"/views?{query}&_limit=2&_page=2"},
        "first": {"href": f"/views?{query}&_limit=2&_page=1"},
        "prev": {"href": f"/views?{query}&_limit=2&_page=1"},
        "next": {"href": f"/views?{query}&_limit=2&_page=3"},
        "last": {"href": f"/views?{query}&_limit=2&_page=3"},
    }


def test_first_and_last_pages_have_no_prev_and_no_next(five):
    first = views(five, **RANGE, _limit=2).json()["pagination"]
    last = views(five, **RANGE, _limit=2, _page=3).json()
    assert first["prev"] is None and first["next"]["href"].endswith("_limit=2&_page=2")
    assert last["pagination"]["next"] is None
    assert [item["attributes"]["view_id"] for item in last["data"]] == [sid("s4")]


def test_default_page_size_is_ten_and_a_page_past_the_end_is_empty(five):
    body = views(five, **RANGE).json()
    assert len(body["data"]) == 5 and body["pagination"]["last"]["href"].endswith("_page=1&_limit=10")
    past = views(five, **RANGE, _page=7, _limit=2).json()
    assert past["data"] == [] and past["pagination"]["count"] == 5 and past["pagination"]["next"] is None


# --- filters ------------------------------------------------------------------------------


def test_views_of_a_content_type_and_ids(empty_client, add_segments):
    add_segments(
        segment("live-7", 1_790_000_000, 1_790_000_100, content_type="live", content_id=7),
        segment("live-8", 1_790_000_000, 1_790_000_100, content_type="live", content_id=8),
        segment("rec-7", 1_790_000_000, 1_790_000_100, content_type="recorded", content_id=7),
    )
    live = views(empty_client, "/views/live", **RANGE).json()["data"]
    assert {item["attributes"]["view_id"] for item in live} == {sid("live-7"), sid("live-8")}
    picked = views(empty_client, "/views/live", **RANGE, content_id="8,9").json()["data"]
    assert [item["attributes"]["view_id"] for item in picked] == [sid("live-8")]


def test_flags_change_which_segments_views_lists(empty_client, add_segments):
    add_segments(
        segment("finished", 1_790_000_000, 1_790_000_100),
        segment("playing", 1_790_000_000, None),
        segment("into-range", 1_780_000_000, 1_790_000_000),
    )

    def listed(**flags):
        return {
            item["attributes"]["view_id"] for item in views(empty_client, **RANGE, **flags).json()["data"]
        }

    assert listed() == {sid("finished"), sid("playing"), sid("into-range")}
    assert listed(list_unfinished_segments="false") == {sid("finished"), sid("into-range")}
    assert listed(inclusive_range="false") == {sid("finished")}


def test_viewers_endpoint_shape_and_filters(empty_client, add_segments):
    add_segments(
        segment(
            "a1",
            1_790_000_000,
            1_790_000_100,
            viewer_identifier="ann@example.com",
            content_type="live",
            content_id=1,
        ),
        segment("a2", 1_790_000_200, 1_790_000_300, viewer_identifier="ann@example.com", content_id=2),
        segment("b1", 1_790_000_000, 1_790_000_050, viewer_identifier="bob@example.com", content_id=2),
        segment("anon", 1_790_000_000, 1_790_000_050),
    )
    body = views(empty_client, "/viewers", **RANGE).json()
    assert body["pagination"]["count"] == 2
    ann = body["data"][0]
    assert ann["type"] == "Viewer"
    assert ann["attributes"]["viewer_identifier"] == "ann@example.com"
    assert ann["attributes"]["videos_watched"] == 2
    assert ann["attributes"]["last_activity"] == datetime.fromtimestamp(1_790_000_300, UTC).isoformat()
    assert [s["id"] for s in ann["attributes"]["segments"]] == [sid("a1"), sid("a2")]
    live = views(empty_client, "/viewers/live", **RANGE).json()["data"]
    assert [v["attributes"]["viewer_identifier"] for v in live] == ["ann@example.com"]
    assert live[0]["attributes"]["videos_watched"] == 1
    found = views(empty_client, "/viewers", **RANGE, viewer_identifier="BOB").json()["data"]
    assert [v["attributes"]["viewer_identifier"] for v in found] == ["bob@example.com"]


# --- bad input ------------------------------------------------------------------------------

GOOD = {"date_time_from": "2026-11-01T00:00:00", "date_time_to": "2026-11-02T00:00:00"}


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/views", {"date_time_to": GOOD["date_time_to"]}, "date_time_from"),
        ("/views", {"date_time_from": GOOD["date_time_from"]}, "date_time_to"),
        ("/views", {**GOOD, "date_time_from": "yesterday"}, "date_time_from"),
        ("/views", {**GOOD, "date_time_from": "2026-11-01"}, "date_time_from"),
        ("/views", {**GOOD, "date_time_from": "2026-02-30T00:00:00"}, "date_time_from"),
        ("/views", {**GOOD, "_limit": "0"}, "_limit"),
        ("/views", {**GOOD, "_limit": "10001"}, "_limit"),
        ("/views", {**GOOD, "_limit": "ten"}, "_limit"),
        ("/views", {**GOOD, "_page": "0"}, "_page"),
        ("/views", {**GOOD, "inclusive_range": "maybe"}, "inclusive_range"),
        ("/views", {**GOOD, "foo": "1"}, "foo"),
        ("/views/vod", GOOD, "content_type"),
        ("/views/live", {**GOOD, "content_id": "12,abc"}, "content_id"),
        ("/viewers", {**GOOD, "viewer_identifier": ""}, "viewer_identifier"),
        ("/viewers/recorded", {**GOOD, "list_unfinished_segments": "2"}, "list_unfinished_segments"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, path, params, parameter):
    response = views(client, path, **params)
    assert response.status_code == 400
    error = error_of(response)
    assert error["status"] == 400 and error["title"] == "Bad Request"
    assert error["source"] == {"parameter": parameter}
    assert parameter in error["detail"]


# --- authentication ------------------------------------------------------------------------


def test_raw_and_bearer_dev_token_are_accepted(client):
    assert views(client, **GOOD).status_code == 200
    assert views(client, **GOOD, headers={"Authorization": "Bearer dev-token"}).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "not-a-token"}, {"Authorization": "Basic ZGV2OmRldg=="}, {"Authorization": ""}],
)
def test_missing_or_unknown_tokens_are_401_in_ibm_shape(client, headers):
    response = views(client, **GOOD, headers=headers)
    assert response.status_code == 401
    assert error_of(response)["status"] == 401


def test_security_runs_before_validation(client):
    assert views(client, foo="1", headers={}).status_code == 401


def token(client, **form) -> dict:
    response = client.post(
        "/ibm-analytics/oauth2/token",
        data={"grant_type": "client_credentials", "token_type": "jwt", **form},
        auth=("dev-client", "dev-secret") if not form else None,
    )
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    return response.json()


def test_token_endpoint_issues_a_jwt_the_api_accepts(client):
    issued = token(client)
    assert issued["token_type"] == "bearer" and issued["expires_in"] == 86400
    assert issued["access_token"].startswith("eyJ")
    assert views(client, **GOOD, headers={"Authorization": issued["access_token"]}).status_code == 200


def test_client_credentials_also_work_as_form_fields(client):
    issued = token(client, client_id="dev-client", client_secret="dev-secret")
    assert views(client, **GOOD, headers={"Authorization": issued["access_token"]}).status_code == 200


def test_issued_tokens_expire_on_the_mock_clock(app, client):
    issued = token(client)["access_token"]
    app.world.clock.advance(timedelta(seconds=86_399))
    assert views(client, **GOOD, headers={"Authorization": issued}).status_code == 200
    app.world.clock.advance(timedelta(seconds=1))
    assert views(client, **GOOD, headers={"Authorization": issued}).status_code == 401


@pytest.mark.parametrize(
    ("form", "auth", "status", "code"),
    [
        ({"grant_type": "client_credentials"}, ("dev-client", "wrong"), 401, "invalid_client"),
        ({"grant_type": "client_credentials"}, None, 401, "invalid_client"),
        ({"grant_type": "password"}, ("dev-client", "dev-secret"), 400, "unsupported_grant_type"),
        ({"token_type": "jwt"}, ("dev-client", "dev-secret"), 400, "invalid_request"),
        (
            {"grant_type": "client_credentials", "token_type": "opaque"},
            ("dev-client", "dev-secret"),
            400,
            "invalid_request",
        ),
    ],
)
def test_token_endpoint_errors_follow_rfc_6749(client, form, auth, status, code):
    response = client.post("/ibm-analytics/oauth2/token", data=form, auth=auth)
    assert response.status_code == status
    body = response.json()
    assert body["error"] == code and body["error_description"]
    if code == "invalid_request":
        assert ("grant_type" in body["error_description"]) or ("token_type" in body["error_description"])
