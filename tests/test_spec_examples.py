"""Examples that follow the clock: what Swagger UI's "Try it out" sends finds the seeded data on
whatever day the mock runs."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conftest import DEV, IBM, make_app
from vidmock.specs.examples import example_for

LA = {"zone": "America/Los_Angeles"}


@pytest.mark.parametrize(
    ("relative", "now", "expected"),
    [
        # 2027-03-10 12:00 UTC is 04:00 in Los Angeles (PST, -08:00); 23 days before is Feb 15.
        ({"days": -23, **LA}, datetime(2027, 3, 10, 12, tzinfo=UTC), "2027-02-15T00:00:00-08:00"),
        # Daylight time began on 2027-03-14: a midnight after it is -07:00.
        ({"days": 0, **LA}, datetime(2027, 3, 20, 12, tzinfo=UTC), "2027-03-20T00:00:00-07:00"),
        # 2027-01-01 05:00 UTC is still New Year's Eve in Los Angeles.
        ({"days": 0, **LA}, datetime(2027, 1, 1, 5, tzinfo=UTC), "2026-12-31T00:00:00-08:00"),
        ({"days": -1}, datetime(2027, 1, 1, 5, tzinfo=UTC), "2026-12-31T00:00:00+00:00"),
        ({"months": 0}, datetime(2027, 1, 31, tzinfo=UTC), "2027-01"),
        ({"months": -1}, datetime(2027, 1, 31, tzinfo=UTC), "2026-12"),
    ],
)
def test_a_relative_example_is_written_from_the_clock(relative, now, expected):
    assert example_for(relative, now) == expected


def served_example(client, path: str, name: str) -> str:
    spec = client.get(path).json()
    return spec["components"]["parameters"][name]["example"]


def test_the_served_ibm_examples_find_the_seeded_views_on_a_later_day():
    client = make_app(now=datetime(2027, 6, 15, 18, tzinfo=UTC)).test_client()
    start = served_example(client, f"{IBM}/openapi.json", "dateTimeFrom")
    end = served_example(client, f"{IBM}/openapi.json", "dateTimeTo")
    assert (start, end) == ("2027-05-23T00:00:00-07:00", "2027-06-15T00:00:00-07:00")
    views = client.get(f"{IBM}/views", params={"date_time_from": start, "date_time_to": end}, headers=DEV)
    assert views.status_code == 200
    assert views.json()["pagination"]["count"] > 0


def test_the_served_apivideo_period_is_the_clocks_month():
    client = make_app(now=datetime(2027, 6, 15, 18, tzinfo=UTC)).test_client()
    assert served_example(client, "/apivideo/openapi.json", "period") == "2027-06"
