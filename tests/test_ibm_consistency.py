"""On the seeded world: the numbers a dashboard shows add up across endpoints."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from conftest import DEV, IBM, make_app
from vidmock.apis.ibm_analytics.tables import segments

PERIOD = {"date_time_from": "2026-08-26T00:00:00", "date_time_to": "2026-11-24T04:00:00"}


@pytest.fixture(scope="module")
def seeded_app():
    return make_app(size="medium")


@pytest.fixture(scope="module")
def seeded(seeded_app):
    return seeded_app.test_client()


def values(client, path: str, **params) -> list[int]:
    body = client.get(IBM + path, params={**PERIOD, "_limit": 10000, **params}, headers=DEV).json()
    assert body["pagination"]["count"] == len(body["data"])
    return [item["attributes"]["value"] for item in body["data"]]


def test_total_views_day_series_sums_to_the_summary(seeded):
    (total,) = values(seeded, "/total-views/summary")
    assert total > 10_000
    assert sum(values(seeded, "/total-views/day")) == total
    assert sum(values(seeded, "/total-views/hour")) == total
    assert sum(values(seeded, "/total-views/month")) == total
    assert sum(values(seeded, "/total-views/country")) == total
    assert sum(values(seeded, "/total-views/view-source")) == total
    assert sum(values(seeded, "/total-views/device")) == total


@pytest.mark.parametrize("metric", ["unique-devices", "authenticated-viewers"])
def test_distinct_counts_cannot_add_up_but_stay_within_bounds(seeded, metric):
    # A device seen on two days counts once in the summary and once on each day: the day series
    # sums to at least the summary, and no day exceeds it.
    (total,) = values(seeded, f"/{metric}/summary")
    days = values(seeded, f"/{metric}/day")
    assert sum(days) >= total >= max(days) > 0
    # A device is in exactly one country in this world, so countries do partition devices.
    if metric == "unique-devices":
        assert sum(values(seeded, f"/{metric}/country")) == total


def test_live_and_recorded_total_views_add_up_to_all_content(seeded):
    (total,) = values(seeded, "/total-views/summary")
    (live,) = values(seeded, "/total-views/live/summary")
    (recorded,) = values(seeded, "/total-views/recorded/summary")
    assert live > 0 and recorded > 0 and live + recorded == total
    days = zip(
        values(seeded, "/total-views/live/day"), values(seeded, "/total-views/recorded/day"), strict=True
    )
    assert [a + b for a, b in days] == values(seeded, "/total-views/day")


def test_authenticated_viewers_never_exceed_devices_or_views(seeded):
    (views,) = values(seeded, "/total-views/summary")
    (devices,) = values(seeded, "/unique-devices/summary")
    (viewers,) = values(seeded, "/authenticated-viewers/summary")
    assert viewers < devices < views


def test_total_views_count_the_sessions_of_the_stored_segments(seeded_app):
    # Rebuild views from the raw segments: a session starts with its first segment.
    with seeded_app.world.store.begin() as conn:
        rows = conn.execute(select(segments.c.view_session_id, segments.c.started_at)).all()
    first_start: dict[str, int] = {}
    for session, began in rows:
        first_start[session] = min(first_start.get(session, began), began)
    low = datetime.fromisoformat("2026-11-20T00:00:00-08:00").timestamp()
    high = datetime.fromisoformat("2026-11-21T00:00:00-08:00").timestamp()
    expected = sum(1 for began in first_start.values() if low <= began < high)
    (total,) = values(
        seeded_app.test_client(),
        "/total-views/summary",
        date_time_from="2026-11-20T00:00:00",
        date_time_to="2026-11-21T00:00:00",
    )
    assert total == expected > 100
