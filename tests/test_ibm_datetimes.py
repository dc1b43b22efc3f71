"""Date-times in and out: what a spec's pattern accepts the handler reads, what it refuses is
refused in words, fractions of any length are read (truncated to the microsecond), and every
time written is RFC 3339."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from apivideo_world import API
from apivideo_world import DEV as APIVIDEO_DEV
from conftest import DEV, IBM, segment
from vidmock.apis.ibm_analytics import times
from vidmock.specs.documents import load

DATE_TIME = load("ibm-analytics.yaml")["components"]["schemas"]["DateTime"]["pattern"]
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
MIDNIGHT = int(datetime(2026, 11, 1, tzinfo=UTC).timestamp())


def ibm(client, path: str, **params):
    return client.get(IBM + path, params=params, headers=DEV)


def test_seven_fractional_digits_are_read_and_truncated(empty_client, add_segments):
    # A view of exactly one minute, 00:00:00 to 00:01:00. Only segments inside the range count
    # (inclusive_range=false), so an end of .9999999 s before 00:01:00 excludes it when read as
    # 00:00:59.999999 (truncated), as .NET clients mean it, and would include it if rounded up.
    add_segments(segment("minute", MIDNIGHT, MIDNIGHT + 60))

    def views(date_time_to: str) -> list:
        response = ibm(
            empty_client,
            "/views",
            date_time_from="2026-11-01T00:00:00.0000000Z",
            date_time_to=date_time_to,
            inclusive_range="false",
        )
        assert response.status_code == 200, response.text
        return response.json()["data"]

    assert views("2026-11-01T00:00:59.9999999Z") == views("2026-11-01T00:00:59.999999Z") == []
    assert len(views("2026-11-01T00:01:00Z")) == 1


@pytest.mark.parametrize("text", ["0000-01-01T00:00", "1899-12-31T23:59:59Z", "9999-01-01T00:00Z"])
def test_years_outside_the_range_are_refused_by_spec_and_handler_alike(client, text):
    assert re.search(DATE_TIME, text) is None
    response = ibm(client, "/total-views/summary", date_time_from=text, date_time_to="2026-11-02T00:00:00Z")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["source"] == {"parameter": "date_time_from"}
    assert error["detail"] == (
        f"Invalid query parameter 'date_time_from': '{text}' is not a date-time such as "
        "2026-11-01T00:00:00Z (years 1900 to 9998)"
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("1900-01-01T00:00", "9998-12-31T23:59:59Z"),
        ("2024-02-29T00:00Z", "2024-03-01T00:00Z"),
        ("9998-12-31T23:59:59.9999999-23:59", "9998-12-31T23:59:59.9999999-23:59"),
        ("2026-11-01T00:00+05:30", "2026-11-02T00:00+05:30"),
    ],
)
def test_the_edges_the_spec_accepts_are_answered(client, start, end):
    assert re.search(DATE_TIME, start) is not None and re.search(DATE_TIME, end) is not None
    for path in ("/total-views/summary", "/total-views/month", "/total-views/hour", "/views"):
        response = ibm(client, path, date_time_from=start, date_time_to=end)
        assert response.status_code == 200, (path, response.text)


@pytest.mark.parametrize("text", ["2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-11-01 00:00:00Z"])
def test_an_impossible_date_is_described_in_words(client, text):
    assert re.search(DATE_TIME, text) is None
    detail = ibm(client, "/views", date_time_from=text, date_time_to="2026-11-02T00:00:00Z").json()["errors"][
        0
    ]["detail"]
    assert f"'{text}' is not a date-time such as 2026-11-01T00:00:00Z" in detail
    assert "^" not in detail and "[0-9]" not in detail


def test_a_summary_point_does_not_echo_the_request_fraction(client):
    body = ibm(
        client,
        "/total-views/summary",
        date_time_from="2026-11-01T00:00:00.123Z",
        date_time_to="2026-11-02T00:00:00Z",
    ).json()
    assert body["data"][0]["attributes"]["point"] == "2026-11-01T00:00:00+00:00"


def test_bucket_points_are_rfc3339_without_the_request_fraction(client):
    body = ibm(
        client,
        "/total-views/hour",
        date_time_from="2026-11-01T00:30:00.1234567+01:00",
        date_time_to="2026-11-01T03:00:00+01:00",
    ).json()
    points = [item["attributes"]["point"] for item in body["data"]]
    assert points == ["2026-11-01T00:00:00+01:00", "2026-11-01T01:00:00+01:00", "2026-11-01T02:00:00+01:00"]


def test_every_time_ibm_writes_is_rfc3339(client):
    body = ibm(
        client,
        "/views",
        date_time_from="2026-11-01T00:00:00.5",
        date_time_to="2026-11-24T00:00:00",
        _limit=50,
    ).json()
    times = [a[k] for a in (i["attributes"] for i in body["data"]) for k in ("started_at", "finished_at")]
    assert times and all(RFC3339.match(t) for t in times if t is not None)


def test_apivideo_published_at_with_seven_digits_is_read_to_the_second(empty_client):
    response = empty_client.post(
        f"{API}/videos",
        headers=APIVIDEO_DEV,
        json={"title": "t", "publishedAt": "2026-11-01T10:00:00.9999999Z"},
    )
    assert response.status_code == 201
    assert response.json()["publishedAt"] == "2026-11-01T10:00:00+00:00"


def test_apivideo_period_refuses_an_impossible_day_in_words(client):
    response = client.get(
        f"{API}/analytics/videos/vi1", params={"period": "2026-02-29"}, headers=APIVIDEO_DEV
    )
    assert response.status_code == 400
    body = response.json()
    assert body["name"] == "period"
    assert "'2026-02-29' is not a day 2018-01-01, a week 2018-W01" in body["detail"]


def test_admin_clock_reads_seven_digits_truncated(client):
    response = client.put("/__admin/clock", json={"now": "2026-11-01T10:00:00.1234567Z"})
    assert response.status_code == 200
    assert response.json()["now"] == "2026-11-01T10:00:00.123456+00:00"


@pytest.mark.parametrize(
    ("path", "headers", "field_of", "words"),
    [
        (
            "/nomad/api/asset/tracking?assetId=zz",
            {"Authorization": "Bearer dev-token"},
            lambda b: b["detail"],
            "'zz' is not a valid uuid",
        ),
        (
            "/jtv/metax/2.1/activity/fav/a%20b",
            {"Authorization": "Bearer dev-token"},
            lambda b: b["reason"],
            "'a b' is not in the expected form, such as 'user@example.org'",
        ),
    ],
)
def test_pattern_failures_of_other_vendors_are_words(client, path, headers, field_of, words):
    response = client.get(path, headers=headers)
    assert response.status_code == 400
    assert words in field_of(response.json())


def test_admin_pattern_failures_are_words(client):
    name = client.post("/__admin/scenarios/BAD")
    assert name.status_code == 400
    assert name.json()["detail"].endswith(
        "'BAD' is not a scenario name such as busy-evening (lower-case letters, digits, hyphens)"
    )
    advance = client.put("/__admin/clock", json={"advance": "5x"})
    assert advance.status_code == 400
    assert advance.json()["detail"].startswith(
        "'5x' is not a duration such as 90m, 1.5s, 2d, -1h or ISO 8601's PT1H30M"
    )


def test_an_end_before_the_start_is_the_empty_period_at_the_start(empty_client, add_segments):
    add_segments(segment("minute", MIDNIGHT, MIDNIGHT + 60))
    reversed_ = {"date_time_from": "2026-11-01T00:00:00Z", "date_time_to": "2026-10-31T00:00:00Z"}
    summary = ibm(empty_client, "/total-views/summary", **reversed_)
    assert summary.status_code == 200
    assert summary.json()["data"][0]["attributes"] == {
        "dimension_type": "summary",
        "point": "2026-11-01T00:00:00+00:00",
        "value": 0,
    }
    assert ibm(empty_client, "/total-views/day", **reversed_).json()["data"] == []
    assert ibm(empty_client, "/views", **reversed_, inclusive_range="false").json()["data"] == []
    assert ibm(empty_client, "/peak-viewer-numbers", **reversed_).json()["data"] == []


def test_an_instant_kept_once_written_reads_as_written_in_every_zone_past_the_bounds(monkeypatch):
    # Bucket starts and viewers' last activity are written once per instant and zone: what is
    # kept must read exactly as writing it again, across zones (Los Angeles over a DST change,
    # a fixed offset, UTC), fractions, 1969, and after the kept instants are forgotten.
    monkeypatch.setattr(times, "KEPT_ISO_PER_ZONE", 5)
    monkeypatch.setattr(times, "KEPT_ISO_ZONES", 2)
    monkeypatch.setattr(times, "_KEPT_ISO", {})
    zones = [UTC, times.LOS_ANGELES, timezone(timedelta(hours=5, minutes=30))]
    instants = [-1.5, 0.0, 1_772_960_400.0, 1_772_960_400.25, 1_793_520_000.0, 1_793_523_600.0]
    for _ in range(2):
        for zone in zones:
            for instant in instants:
                assert times.kept_iso(instant, zone) == datetime.fromtimestamp(instant, zone).isoformat()
    # The hour Los Angeles lives twice, once in each offset.
    assert times.kept_iso(1_793_520_000.0, times.LOS_ANGELES) == "2026-11-01T01:00:00-07:00"
    assert times.kept_iso(1_793_523_600.0, times.LOS_ANGELES) == "2026-11-01T01:00:00-08:00"
