"""Total views, unique devices, authenticated viewers and peaks, on small hand-built worlds whose
answers are worked out by hand in each test."""

from __future__ import annotations

from datetime import datetime

import pytest

from conftest import DEV, IBM, NOW, segment

pytestmark = pytest.mark.also_on_postgresql

MOBILE = {
    "browser": {"family": "Mobile Safari"},
    "os": {"family": "iOS"},
    "device": {"family": "iPhone", "brand": "Apple", "model": "iPhone"},
}
IPAD = {"browser": {"family": "Mobile Safari"}, "os": {"family": "iOS"}, "device": {"family": "iPad"}}
DESKTOP = {"browser": {"family": "Chrome"}, "os": {"family": "Windows"}, "device": {"family": "Other"}}
ROKU = {"browser": {"family": "Roku"}, "os": {"family": "Roku OS"}, "device": {"family": "Roku Ultra"}}


def at(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp())


def series(client, path: str, **params) -> list[tuple[str, int]]:
    response = client.get(IBM + path, params={"_limit": 100, **params}, headers=DEV)
    assert response.status_code == 200, response.text
    return [(item["attributes"]["point"], item["attributes"]["value"]) for item in response.json()["data"]]


def value(client, path: str, **params) -> int:
    (only,) = series(client, path, **params)
    return only[1]


NOV = {"date_time_from": "2026-11-10T00:00:00Z", "date_time_to": "2026-11-11T00:00:00Z"}


# Who watches in the small world: (client_id, viewer_identifier, device_info, is_mobile, country, region)
ANN_PHONE = ("phone-ann", "ann@example.com", MOBILE, True, "US", "California")
ANON_DESK = ("desk-anon", None, DESKTOP, False, "HU", "Budapest")
BOB_IPAD = ("ipad-bob", "bob@example.com", IPAD, True, "US", "New York")
CY_ROKU = ("roku-cy", "cy@example.com", ROKU, False, "GB", "England")


def watch(name, begin, end, session, who, kind, content_id, view_type="onsite"):
    client, viewer, device, mobile, country, region = who
    return segment(
        name,
        at(begin),
        at(end),
        view_session_id=session,
        client_id=client,
        viewer_identifier=viewer,
        content_type=kind,
        content_id=content_id,
        device_info=device,
        is_mobile_view=mobile,
        country=country,
        region=region,
        view_type=view_type,
    )


@pytest.fixture
def small_world(empty_client, add_segments):
    """Two sessions of ann's phone (the first split into three segments), an anonymous desktop
    session, bob's iPad, and a session that started the day before."""
    add_segments(
        watch(
            "a1", "2026-11-10T10:00:00+00:00", "2026-11-10T10:05:00+00:00", "s-ann-1", ANN_PHONE, "live", 1
        ),
        watch(
            "a2", "2026-11-10T10:06:00+00:00", "2026-11-10T10:09:00+00:00", "s-ann-1", ANN_PHONE, "live", 1
        ),
        watch(
            "a3", "2026-11-10T10:10:00+00:00", "2026-11-10T10:20:00+00:00", "s-ann-1", ANN_PHONE, "live", 1
        ),
        watch(
            "a4",
            "2026-11-10T12:00:00+00:00",
            "2026-11-10T12:30:00+00:00",
            "s-ann-2",
            ANN_PHONE,
            "live",
            2,
            view_type="offsite",
        ),
        watch(
            "x1", "2026-11-10T13:00:00+00:00", "2026-11-10T13:10:00+00:00", "s-anon", ANON_DESK, "recorded", 7
        ),
        watch(
            "b1", "2026-11-10T14:00:00+00:00", "2026-11-10T14:20:00+00:00", "s-bob", BOB_IPAD, "recorded", 7
        ),
        watch("old", "2026-11-09T23:50:00+00:00", "2026-11-10T00:20:00+00:00", "s-old", CY_ROKU, "live", 1),
    )
    return empty_client


def test_a_session_split_into_segments_is_one_view(small_world):
    # s-ann-1 (3 segments), s-ann-2, s-anon, s-bob; s-old started on the 9th.
    assert value(small_world, "/total-views/summary", **NOV) == 4


def test_a_device_watching_two_channels_is_one_device(small_world):
    # phone-ann (two sessions), desk-anon, ipad-bob
    assert value(small_world, "/unique-devices/summary", **NOV) == 3
    assert value(small_world, "/total-views/live/summary", **NOV) == 2
    assert value(small_world, "/unique-devices/live/summary", **NOV) == 1


def test_anonymous_viewers_are_not_authenticated_viewers(small_world):
    assert value(small_world, "/authenticated-viewers/summary", **NOV) == 2  # ann, bob
    assert value(small_world, "/authenticated-viewers/recorded/summary", **NOV) == 1  # bob


def test_summary_point_is_the_start_of_the_period(small_world):
    response = small_world.get(IBM + "/total-views/summary", params=NOV, headers=DEV).json()
    assert response["data"] == [
        {
            "type": "Series",
            "attributes": {"dimension_type": "summary", "point": "2026-11-10T00:00:00+00:00", "value": 4},
        }
    ]


def test_content_ids_narrow_the_count(small_world):
    assert value(small_world, "/total-views/live/summary", content_id="2", **NOV) == 1
    assert value(small_world, "/total-views/live/summary", content_id="1,2", **NOV) == 2
    assert value(small_world, "/total-views/live/summary", content_id="99", **NOV) == 0


def test_live_and_recorded_add_up_to_all_content(small_world):
    live = value(small_world, "/total-views/live/summary", **NOV)
    recorded = value(small_world, "/total-views/recorded/summary", **NOV)
    assert (live, recorded) == (2, 2)
    assert live + recorded == value(small_world, "/total-views/summary", **NOV)


def test_the_end_of_the_period_is_not_included(small_world):
    until_bob = {"date_time_from": NOV["date_time_from"], "date_time_to": "2026-11-10T14:00:00Z"}
    assert value(small_world, "/total-views/summary", **until_bob) == 3


def test_country_region_device_and_view_source_breakdowns(small_world):
    assert series(small_world, "/total-views/location", **NOV) == [("US", 3), ("HU", 1)]
    assert series(small_world, "/total-views/country", **NOV) == [("US", 3), ("HU", 1)]
    assert series(small_world, "/total-views/region", **NOV) == [
        ("California", 2),
        ("Budapest", 1),
        ("New York", 1),
    ]
    assert series(small_world, "/total-views/device", **NOV) == [("mobile", 2), ("desktop", 1), ("tablet", 1)]
    assert series(small_world, "/total-views/view-source", **NOV) == [("onsite", 3), ("offsite", 1)]
    assert series(small_world, "/unique-devices/location", **NOV) == [("US", 2), ("HU", 1)]
    assert series(small_world, "/authenticated-viewers/device", **NOV) == [("mobile", 1), ("tablet", 1)]


def test_hour_series_is_zero_filled(small_world):
    hours = series(
        small_world,
        "/total-views/hour",
        date_time_from="2026-11-10T10:00:00Z",
        date_time_to="2026-11-10T15:00:00Z",
    )
    assert hours == [
        ("2026-11-10T10:00:00+00:00", 1),
        ("2026-11-10T11:00:00+00:00", 0),
        ("2026-11-10T12:00:00+00:00", 1),
        ("2026-11-10T13:00:00+00:00", 1),
        ("2026-11-10T14:00:00+00:00", 1),
    ]


def test_series_pagination_counts_buckets(small_world):
    response = small_world.get(
        IBM + "/total-views/hour",
        headers=DEV,
        params={
            "date_time_from": "2026-11-10T00:00:00Z",
            "date_time_to": "2026-11-11T00:00:00Z",
            "_limit": 5,
            "_page": 3,
        },
    )
    body = response.json()
    assert body["pagination"]["count"] == 24
    assert [item["attributes"]["point"] for item in body["data"]] == [
        f"2026-11-10T{h:02d}:00:00+00:00" for h in range(10, 15)
    ]
    assert [item["attributes"]["value"] for item in body["data"]] == [1, 0, 1, 1, 1]


# --- days across daylight-saving changes -------------------------------------------------------


def one_view(name: str, started: str, **fields) -> dict:
    begin = at(started)
    return segment(name, begin, begin + 60, view_session_id=name, client_id=name, **fields)


def test_day_series_across_the_march_change_in_los_angeles(empty_client, add_segments):
    add_segments(
        one_view("mar-7-evening", "2026-03-07T23:30:00-08:00"),
        one_view("mar-8-early", "2026-03-08T01:30:00-08:00"),  # before 2 am PST
        one_view("mar-8-late", "2026-03-08T23:30:00-07:00"),  # 06:30 UTC on the 9th: still the 8th in LA
        one_view("mar-9-morning", "2026-03-09T00:30:00-07:00"),
    )
    days = series(
        empty_client,
        "/total-views/day",
        date_time_from="2026-03-07T00:00:00",
        date_time_to="2026-03-10T00:00:00",
    )
    assert days == [
        ("2026-03-07T00:00:00-08:00", 1),
        ("2026-03-08T00:00:00-08:00", 2),
        ("2026-03-09T00:00:00-07:00", 1),
    ]


def test_day_series_across_the_november_change_in_los_angeles(empty_client, add_segments):
    add_segments(
        one_view("first-1-30", "2026-11-01T01:30:00-07:00"),  # 1:30 happens twice on Nov 1
        one_view("second-1-30", "2026-11-01T01:30:00-08:00"),
        one_view("nov-1-late", "2026-11-01T23:30:00-08:00"),  # 07:30 UTC on the 2nd
        one_view("nov-2", "2026-11-02T00:30:00-08:00"),
    )
    days = series(
        empty_client,
        "/total-views/day",
        date_time_from="2026-10-31T00:00:00",
        date_time_to="2026-11-03T00:00:00",
    )
    assert days == [
        ("2026-10-31T00:00:00-07:00", 0),
        ("2026-11-01T00:00:00-07:00", 3),
        ("2026-11-02T00:00:00-08:00", 1),
    ]
    hours = series(
        empty_client,
        "/total-views/hour",
        date_time_from="2026-11-01T00:00:00",
        date_time_to="2026-11-01T03:00:00",
    )
    assert hours == [
        ("2026-11-01T00:00:00-07:00", 0),
        ("2026-11-01T01:00:00-07:00", 1),
        ("2026-11-01T01:00:00-08:00", 1),
        ("2026-11-01T02:00:00-08:00", 0),
    ]


def test_day_series_in_a_half_hour_offset(empty_client, add_segments):
    add_segments(
        one_view("ist-10th", "2026-11-10T18:00:00+00:00"),  # 23:30 on the 10th in +05:30
        one_view("ist-11th", "2026-11-10T18:45:00+00:00"),  # 00:15 on the 11th in +05:30
    )
    days = series(
        empty_client,
        "/total-views/day",
        date_time_from="2026-11-10T00:00:00+05:30",
        date_time_to="2026-11-12T00:00:00+05:30",
    )
    assert days == [("2026-11-10T00:00:00+05:30", 1), ("2026-11-11T00:00:00+05:30", 1)]
    utc = series(
        empty_client,
        "/total-views/day",
        date_time_from="2026-11-10T00:00:00Z",
        date_time_to="2026-11-11T00:00:00Z",
    )
    assert utc == [("2026-11-10T00:00:00+00:00", 2)]


def test_month_buckets_start_on_the_first_in_the_zone(empty_client, add_segments):
    add_segments(one_view("oct", "2026-10-31T23:00:00-07:00"), one_view("nov", "2026-11-01T00:30:00-07:00"))
    months = series(
        empty_client,
        "/total-views/month",
        date_time_from="2026-10-15T00:00:00",
        date_time_to="2026-11-15T00:00:00",
    )
    assert months == [("2026-10-01T00:00:00-07:00", 1), ("2026-11-01T00:00:00-07:00", 1)]


# --- peaks -------------------------------------------------------------------------------------


def play(name: str, begin: str, end: str | None, content_id: int = 5) -> dict:
    return segment(
        name,
        at(begin),
        at(end) if end else None,
        content_type="live",
        content_id=content_id,
        view_session_id=name,
        client_id=name,
    )


def peaks(client, path="/peak-viewer-numbers", **params) -> list[tuple[str, int, int]]:
    response = client.get(IBM + path, params={"_limit": 100, **params}, headers=DEV)
    assert response.status_code == 200, response.text
    return [
        (i["attributes"]["time"], i["attributes"]["content_id"], i["attributes"]["value"])
        for i in response.json()["data"]
    ]


PEAK_DAY = {"date_time_from": "2026-11-10T10:00:00Z", "date_time_to": "2026-11-10T12:00:00Z"}


def test_peaks_with_nested_and_touching_segments(empty_client, add_segments):
    add_segments(
        play("outer", "2026-11-10T10:00:00+00:00", "2026-11-10T10:03:30+00:00"),
        play("inner", "2026-11-10T10:01:00+00:00", "2026-11-10T10:02:30+00:00"),
        play("innermost", "2026-11-10T10:02:10+00:00", "2026-11-10T10:02:20+00:00"),
        play("before", "2026-11-10T11:00:00+00:00", "2026-11-10T11:01:00+00:00"),
        play("after", "2026-11-10T11:01:00+00:00", "2026-11-10T11:02:00+00:00"),  # touches "before"
    )
    minutes = peaks(empty_client, **PEAK_DAY)
    assert minutes == [
        ("2026-11-10T10:00:00+00:00", 5, 1),
        ("2026-11-10T10:01:00+00:00", 5, 2),
        ("2026-11-10T10:02:00+00:00", 5, 3),
        ("2026-11-10T10:03:00+00:00", 5, 1),
        ("2026-11-10T11:00:00+00:00", 5, 1),
        ("2026-11-10T11:01:00+00:00", 5, 1),
    ]
    hours = peaks(empty_client, granularity="hour", **PEAK_DAY)
    assert hours == [("2026-11-10T10:00:00+00:00", 5, 3), ("2026-11-10T11:00:00+00:00", 5, 1)]


def test_an_unfinished_segment_plays_until_now(empty_client, add_segments):
    # NOW is 12:00 UTC; this one started at 11:58:30 and is still playing.
    add_segments(
        play("live-now", "2026-11-24T11:58:30+00:00", None),
        play("with-it", "2026-11-24T11:59:10+00:00", "2026-11-24T11:59:20+00:00"),
    )
    assert NOW.isoformat() == "2026-11-24T12:00:00+00:00"
    found = peaks(empty_client, date_time_from="2026-11-24T11:55:00Z", date_time_to="2026-11-24T12:05:00Z")
    assert found == [("2026-11-24T11:58:00+00:00", 5, 1), ("2026-11-24T11:59:00+00:00", 5, 2)]


def test_a_finished_segment_starting_after_now_does_not_count_yet(empty_client, add_segments):
    # NOW is 12:00 UTC: the clock was set back before "future" (a scenario's, say) began.
    add_segments(
        play("past", "2026-11-24T11:10:00+00:00", "2026-11-24T11:20:00+00:00"),
        play("future", "2026-11-24T12:30:00+00:00", "2026-11-24T12:40:00+00:00"),
    )
    found = peaks(
        empty_client,
        granularity="hour",
        date_time_from="2026-11-24T11:00:00Z",
        date_time_to="2026-11-24T13:00:00Z",
    )
    assert found == [("2026-11-24T11:00:00+00:00", 5, 1)]


@pytest.mark.parametrize("content_id", ["5", "404"])  # one content; none at all
def test_peaks_over_centuries_of_minutes_answer_without_listing_every_minute(
    empty_client, add_segments, content_id
):
    add_segments(play("one", "2026-11-10T10:40:00+00:00", "2026-11-10T10:50:30+00:00"))
    response = empty_client.get(
        IBM + "/peak-viewer-numbers/live",
        params={
            "date_time_from": "1908-02-29T19:29:00Z",
            "date_time_to": "9000-01-01T00:00:00Z",
            "content_id": content_id,
            "_limit": 2,
        },
        headers=DEV,
    )
    assert response.status_code == 200, response.text
    expected = 11 if content_id == "5" else 0  # 10:40 to 10:50, and 30 s of 10:50
    assert response.json()["pagination"]["count"] == expected


def test_peaks_are_per_content_and_filtered_by_type_and_id(empty_client, add_segments):
    add_segments(
        play("five", "2026-11-10T10:00:00+00:00", "2026-11-10T10:00:30+00:00", content_id=5),
        play("six-a", "2026-11-10T10:00:00+00:00", "2026-11-10T10:00:30+00:00", content_id=6),
        play("six-b", "2026-11-10T10:00:10+00:00", "2026-11-10T10:00:20+00:00", content_id=6),
        segment(
            "video",
            at("2026-11-10T10:00:00+00:00"),
            at("2026-11-10T10:00:30+00:00"),
            content_type="recorded",
            content_id=5,
            view_session_id="video",
        ),
    )
    everything = peaks(empty_client, **PEAK_DAY)
    assert everything == [
        ("2026-11-10T10:00:00+00:00", 5, 1),
        ("2026-11-10T10:00:00+00:00", 6, 2),
        ("2026-11-10T10:00:00+00:00", 5, 1),
    ]
    live_six = peaks(empty_client, "/peak-viewer-numbers/live", content_id="6", **PEAK_DAY)
    assert live_six == [("2026-11-10T10:00:00+00:00", 6, 2)]
    recorded = peaks(empty_client, "/peak-viewer-numbers/recorded", **PEAK_DAY)
    assert recorded == [("2026-11-10T10:00:00+00:00", 5, 1)]


def test_peak_buckets_follow_the_offset_of_the_request(empty_client, add_segments):
    add_segments(play("one", "2026-11-10T10:40:00+00:00", "2026-11-10T10:50:00+00:00"))
    found = peaks(
        empty_client,
        granularity="hour",
        date_time_from="2026-11-10T15:00:00+05:30",
        date_time_to="2026-11-10T17:00:00+05:30",
    )
    assert found == [("2026-11-10T16:00:00+05:30", 5, 1)]  # 10:40 UTC is 16:10 in +05:30


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/total-views/week", NOV, "dimension"),
        ("/unique-devices/vod/summary", NOV, "content_type"),
        ("/authenticated-viewers/live/day", {**NOV, "content_id": "x"}, "content_id"),
        ("/total-views/summary", {"date_time_from": NOV["date_time_from"]}, "date_time_to"),
        ("/peak-viewer-numbers", {**NOV, "granularity": "second"}, "granularity"),
        ("/peak-viewer-numbers/live", {**NOV, "granularity": "day"}, "granularity"),
    ],
)
def test_bad_aggregate_input_is_a_400_naming_the_parameter(client, path, params, parameter):
    response = client.get(IBM + path, params=params, headers=DEV)
    assert response.status_code == 400
    assert response.json()["errors"][0]["source"] == {"parameter": parameter}
