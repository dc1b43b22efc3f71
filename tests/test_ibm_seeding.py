"""The default IBM world is one a dashboard can be built on."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from itertools import pairwise

import pytest
from sqlalchemy import select

from conftest import NOW, make_app
from vidmock.apis.ibm_analytics.tables import contents, segments


@pytest.fixture(scope="module")
def medium():
    app = make_app(size="medium")
    with app.world.store.begin() as conn:
        yield conn.execute(select(segments)).mappings().all(), conn.execute(select(contents)).mappings().all()


def test_medium_world_is_dashboard_sized(medium):
    rows, media = medium
    assert 40_000 <= len(rows) <= 60_000
    kinds = Counter(m["content_type"] for m in media)
    assert kinds["live"] >= 10 and kinds["recorded"] >= 30
    viewers = {r["viewer_identifier"] for r in rows if r["viewer_identifier"]}
    assert len(viewers) >= 1000
    assert len({r["client_id"] for r in rows}) > len(viewers)  # several devices, and anonymous ones


def test_segments_lie_in_the_90_days_before_the_clock(medium):
    rows, _ = medium
    earliest = (NOW - timedelta(days=90)).timestamp()
    assert all(earliest <= r["started_at"] < NOW.timestamp() for r in rows)
    assert all(
        r["finished_at"] is None or r["started_at"] < r["finished_at"] <= NOW.timestamp() for r in rows
    )


def test_world_mixes_the_kinds_of_views_a_dashboard_shows(medium):
    rows, _ = medium
    share = lambda predicate: sum(1 for r in rows if predicate(r)) / len(rows)  # noqa: E731
    assert 0.2 < share(lambda r: r["is_mobile_view"]) < 0.6
    assert 0.5 < share(lambda r: r["view_type"] == "onsite") < 0.9
    assert 0.15 < share(lambda r: r["viewer_identifier"] is None) < 0.5
    assert 10 <= sum(1 for r in rows if r["finished_at"] is None) <= 1000  # some still playing now
    assert len({r["country"] for r in rows}) >= 10
    assert {r["device_info"]["os"]["family"] for r in rows} >= {"iOS", "Android", "Windows", "Mac OS X"}


def test_sessions_are_split_into_ordered_segments(medium):
    rows, _ = medium
    by_session: dict[str, list] = {}
    for row in rows:
        by_session.setdefault(row["view_session_id"], []).append(row)
    multi = [s for s in by_session.values() if len(s) > 1]
    assert len(multi) > len(by_session) / 3
    for session in multi:
        session.sort(key=lambda r: r["started_at"])
        assert len({(r["client_id"], r["content_id"]) for r in session}) == 1
        for before, after in pairwise(session):
            assert before["finished_at"] is not None and before["finished_at"] <= after["started_at"]
