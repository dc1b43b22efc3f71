"""api.video raw statistics: periods, sessions of videos and live streams, session events, and
the seeded world's sessions and timelines."""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise

import pytest

from apivideo_world import API, DEV, World, event, live_stream, ms, session, video
from vidmock.apis.apivideo.analytics.periods import parse_period
from vidmock.http.errors import ApiError


def utc(text: str) -> int:
    return ms(f"{text}+00:00")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2018-01-01", "2018-01-01T00:00:00", "2018-01-02T00:00:00"),
        ("2018-W01", "2018-01-01T00:00:00", "2018-01-08T00:00:00"),
        ("2021-W01", "2021-01-04T00:00:00", "2021-01-11T00:00:00"),
        ("2020-W53", "2020-12-28T00:00:00", "2021-01-04T00:00:00"),
        ("2018-02", "2018-02-01T00:00:00", "2018-03-01T00:00:00"),
        ("2018-12", "2018-12-01T00:00:00", "2019-01-01T00:00:00"),
        ("2018", "2018-01-01T00:00:00", "2019-01-01T00:00:00"),
        ("2018-01-01/2018-01-15", "2018-01-01T00:00:00", "2018-01-16T00:00:00"),
        ("2018-01-01/2018-01-01", "2018-01-01T00:00:00", "2018-01-02T00:00:00"),
        # Ending before it starts: the empty period at the first day, not a 400 the spec
        # cannot announce.
        ("2018-01-15/2018-01-01", "2018-01-15T00:00:00", "2018-01-15T00:00:00"),
    ],
)
def test_periods_name_utc_intervals(text, start, end):
    period = parse_period(text)
    assert (period.start, period.end) == (utc(start), utc(end))


@pytest.mark.parametrize("text", ["2018-02-30", "2019-W53", "2018-13", "18", "2018-1-1", "last week", ""])
def test_anything_else_is_no_period(text):
    with pytest.raises(ApiError) as raised:
        parse_period(text)
    assert raised.value.parameter == "period" and raised.value.status == 400


@pytest.fixture
def watched(empty_app):
    World(empty_app).add(
        streams=[live_stream("liS")],
        vids=[video("viA", metadata=[{"key": "Author", "value": "Ada"}]), video("viB")],
        sessions=[
            session(
                "psJanEnd",
                "2026-01-31T23:59:59.999+00:00",
                video_id="viA",
                metadata=[{"key": "Author", "value": "Ada"}, {"key": "Format", "value": "Talk"}],
            ),
            session(
                "psFeb1",
                "2026-02-01T00:00:00+00:00",
                video_id="viA",
                metadata=[{"key": "Author", "value": "Ada"}],
            ),
            session("psFeb9", "2026-02-09T08:00:00+00:00", video_id="viA", metadata=[]),
            session("psOther", "2026-02-01T10:00:00+00:00", video_id="viB"),
            session("psLive", "2026-02-02T10:00:00+00:00", live_stream_id="liS"),
        ],
        events=[
            event("psFeb1", 0, "ready", "2026-02-01T00:00:01+00:00", at=0),
            event("psFeb1", 1, "play", "2026-02-01T00:00:02+00:00", at=0),
            event("psFeb1", 2, "seek.forward", "2026-02-01T00:00:12+00:00", start=10, end=70),
            event("psFeb1", 3, "end", "2026-02-01T00:00:59+00:00", at=120),
        ],
    )
    return empty_app.test_client()


def session_ids(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [item["session"]["sessionId"] for item in response.json()["data"]]


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2026", ["psJanEnd", "psFeb1", "psFeb9"]),
        ("2026-01", ["psJanEnd"]),
        ("2026-02", ["psFeb1", "psFeb9"]),
        ("2026-02-01", ["psFeb1"]),
        ("2026-W05", ["psJanEnd", "psFeb1"]),  # Monday 26 January to Sunday 1 February
        ("2026-W06", []),  # Monday 2 February to Sunday 8 February
        ("2026-W07", ["psFeb9"]),
        ("2026-01-31/2026-02-01", ["psJanEnd", "psFeb1"]),
        ("2025", []),
    ],
)
def test_sessions_are_those_loaded_within_the_period(watched, period, expected):
    response = watched.get(f"{API}/analytics/videos/viA", headers=DEV, params={"period": period})
    if period == "2026-W06":
        expected = []
    assert session_ids(response) == expected


def test_metadata_filter_keeps_sessions_with_every_pair(watched):
    def listed(**metadata):
        params = {"period": "2026", **{f"metadata[{k}]": v for k, v in metadata.items()}}
        return session_ids(watched.get(f"{API}/analytics/videos/viA", headers=DEV, params=params))

    assert listed(Author="Ada") == ["psJanEnd", "psFeb1"]
    assert listed(Author="Ada", Format="Talk") == ["psJanEnd"]
    assert listed(Author="ada") == []


def test_a_video_session_in_api_videos_shape(watched):
    body = watched.get(f"{API}/analytics/videos/viA", headers=DEV, params={"period": "2026-02-01"}).json()
    assert body["data"] == [
        {
            "session": {
                "sessionId": "psFeb1",
                "loadedAt": "2026-02-01T00:00:00.000+00:00",
                "endedAt": "2026-02-01T00:01:00.000+00:00",
                "metadata": [{"key": "Author", "value": "Ada"}],
            },
            "location": {"country": "France", "city": "Paris"},
            "referrer": {"url": "unknown", "medium": "direct", "source": "unknown", "searchTerm": "unknown"},
            "device": {"type": "desktop", "vendor": "Dell", "model": "unknown"},
            "os": {"name": "Microsoft Windows", "shortname": "W10", "version": "Windows10"},
            "client": {"name": "Firefox", "version": "67.0", "type": "browser"},
        }
    ]


def test_live_stream_sessions_have_no_metadata(watched):
    response = watched.get(f"{API}/analytics/live-streams/liS", headers=DEV, params={"period": "2026-02"})
    assert session_ids(response) == ["psLive"]
    assert "metadata" not in response.json()["data"][0]["session"]
    no_filter = watched.get(
        f"{API}/analytics/live-streams/liS", headers=DEV, params={"period": "2026", "metadata[Author]": "Ada"}
    )
    assert no_filter.status_code == 400 and no_filter.json()["name"] == "metadata[Author]"


def test_session_events_in_order_with_their_fields(watched):
    body = watched.get(f"{API}/analytics/sessions/psFeb1/events", headers=DEV, params={"pageSize": 3}).json()
    assert body["data"] == [
        {"type": "ready", "emittedAt": "2026-02-01T00:00:01.000+00:00", "at": 0},
        {"type": "play", "emittedAt": "2026-02-01T00:00:02.000+00:00", "at": 0},
        {"type": "seek.forward", "emittedAt": "2026-02-01T00:00:12.000+00:00", "from": 10, "to": 70},
    ]
    assert body["pagination"]["itemsTotal"] == 4 and body["pagination"]["pagesTotal"] == 2
    assert {"rel": "next", "uri": "/analytics/sessions/psFeb1/events?pageSize=3&currentPage=2"} in body[
        "pagination"
    ]["links"]
    empty = watched.get(f"{API}/analytics/sessions/psFeb9/events", headers=DEV).json()
    assert empty["data"] == [] and empty["pagination"]["itemsTotal"] == 0


@pytest.mark.parametrize(
    ("path", "params", "status", "name"),
    [
        ("/analytics/videos/viNope", {"period": "2026"}, 404, "videoId"),
        ("/analytics/live-streams/liNope", {"period": "2026"}, 404, "liveStreamId"),
        ("/analytics/sessions/psNope/events", {}, 404, "sessionId"),
        ("/analytics/videos/viA", {}, 400, "period"),
        ("/analytics/videos/viA", {"period": "2026-02-30"}, 400, "period"),
        ("/analytics/videos/viA", {"period": "yesterday"}, 400, "period"),
        ("/analytics/videos/viA", {"period": "2026", "pageSize": 101}, 400, "pageSize"),
        ("/analytics/live-streams/liS", {"period": "2026-W54"}, 400, "period"),
        ("/analytics/sessions/psFeb1/events", {"currentPage": 0}, 400, "currentPage"),
    ],
)
def test_analytics_errors_name_the_parameter(watched, path, params, status, name):
    response = watched.get(API + path, headers=DEV, params=params)
    body = response.json()
    assert (response.status_code, body["name"], body["status"]) == (status, name, status)
    if status == 400:
        assert body["problems"][0]["name"] == name


def test_analytics_need_a_token(watched):
    response = watched.get(f"{API}/analytics/videos/viA", params={"period": "2026"})
    assert response.status_code == 401 and response.json()["name"] == "Authorization"


# --- the seeded world -----------------------------------------------------------------------

PLAYHEAD_EVENTS = {"ready", "play", "pause", "resume", "end"}


def test_seeded_sessions_belong_to_seeded_resources_with_plausible_timelines(app):
    client = app.test_client()
    vids = client.get(f"{API}/videos", headers=DEV, params={"pageSize": 100}).json()["data"]
    streams = client.get(f"{API}/live-streams", headers=DEV, params={"pageSize": 100}).json()["data"]
    assert vids and streams
    checked = 0
    for kind, items, key in (("videos", vids, "videoId"), ("live-streams", streams, "liveStreamId")):
        for item in items:
            listed = client.get(
                f"{API}/analytics/{kind}/{item[key]}", headers=DEV, params={"period": "2026", "pageSize": 100}
            ).json()["data"]
            assert listed, f"every seeded {key} has sessions"
            for found in listed:
                about = found["session"]
                if kind == "videos":
                    assert about["metadata"] == item["metadata"]
                events = client.get(
                    f"{API}/analytics/sessions/{about['sessionId']}/events",
                    headers=DEV,
                    params={"pageSize": 100},
                ).json()["data"]
                assert_plausible(events, about["loadedAt"], about["endedAt"])
                checked += 1
    assert checked >= 100


def assert_plausible(events: list[dict], loaded_at: str, ended_at: str) -> None:
    kinds = [e["type"] for e in events]
    assert kinds[:2] == ["ready", "play"]
    assert "end" not in kinds[:-1]
    times = [datetime.fromisoformat(e["emittedAt"]) for e in events]
    assert datetime.fromisoformat(loaded_at) <= times[0]
    assert times == sorted(times) and times[-1] <= datetime.fromisoformat(ended_at)
    for previous, current in pairwise(kinds):
        if current == "resume":
            assert previous == "pause"
    for e in events:
        if e["type"] in PLAYHEAD_EVENTS:
            assert "at" in e and "from" not in e
        else:
            assert "at" not in e and e["from"] != e["to"]
            assert (e["to"] > e["from"]) == (e["type"] == "seek.forward")
