"""The seed's range rules for `/views`, on a hand-built set of segments around one range."""

from __future__ import annotations

import pytest

from conftest import segment, sid
from vidmock.apis.ibm_analytics.domain.segments import (
    SegmentQuery,
    count_viewers,
    segments_in_range,
    viewers_in_range,
)

START, END = 1_000_000, 2_000_000

# name: (started_at, finished_at); None = still playing
WORLD = {
    "ended-before": (500_000, 900_000),
    "into-range": (500_000, 1_500_000),  # started before, finished inside
    "inside": (1_200_000, 1_800_000),
    "out-of-range": (1_500_000, 2_500_000),  # started inside, finished after
    "playing-inside": (1_500_000, None),  # started inside, not finished
    "spanning": (500_000, 2_500_000),  # started before, finished after
    "after": (2_500_000, 2_600_000),
    "on-the-edges": (START, END),
    "playing-since-before": (500_000, None),
    "touching-start": (400_000, START),  # finishes at the first instant of the range
}


@pytest.fixture
def conn(empty_app, add_segments):
    add_segments(*(segment(name, s, f) for name, (s, f) in WORLD.items()))
    with empty_app.world.store.begin() as connection:
        yield connection


def names(rows) -> set[str]:
    by_id = {sid(name): name for name in WORLD}
    return {by_id[row["id"]] for row in rows}


def test_default_rules_list_the_three_kinds_of_overlap(conn):
    found = segments_in_range(conn, SegmentQuery(START, END))
    assert names(found) == {
        "into-range",
        "inside",
        "out-of-range",
        "playing-inside",
        "on-the-edges",
        "touching-start",
    }


def test_a_segment_spanning_the_whole_range_is_not_listed(conn):
    # None of the seed's three rules names a segment that started before and ended after.
    found = names(segments_in_range(conn, SegmentQuery(START, END)))
    assert "spanning" not in found
    assert "playing-since-before" not in found


def test_list_unfinished_false_drops_segments_still_playing(conn):
    found = segments_in_range(conn, SegmentQuery(START, END, list_unfinished=False))
    assert names(found) == {"into-range", "inside", "out-of-range", "on-the-edges", "touching-start"}


def test_exclusive_range_keeps_only_segments_started_and_finished_inside(conn):
    found = segments_in_range(conn, SegmentQuery(START, END, inclusive_range=False))
    assert names(found) == {"inside", "on-the-edges"}


def test_exclusive_range_without_unfinished_is_the_same(conn):
    found = segments_in_range(conn, SegmentQuery(START, END, inclusive_range=False, list_unfinished=False))
    assert names(found) == {"inside", "on-the-edges"}


def test_order_is_by_start_then_id(conn):
    found = segments_in_range(conn, SegmentQuery(0, 3_000_000))
    keys = [(row["started_at"], row["id"]) for row in found]
    assert keys == sorted(keys)
    assert len(found) == len(WORLD)  # every segment starts inside [0, 3e6]


def test_offset_and_limit_page_through_the_same_order(conn):
    everything = segments_in_range(conn, SegmentQuery(0, 3_000_000))
    pages = [segments_in_range(conn, SegmentQuery(0, 3_000_000), offset, 3) for offset in (0, 3, 6, 9)]
    assert [row["id"] for page in pages for row in page] == [row["id"] for row in everything]


def test_content_type_and_ids_narrow_the_set(empty_app, add_segments):
    add_segments(
        segment("live-1", 1_100_000, 1_200_000, content_type="live", content_id=1),
        segment("live-2", 1_100_000, 1_200_000, content_type="live", content_id=2),
        segment("video-1", 1_100_000, 1_200_000, content_type="recorded", content_id=1),
    )
    with empty_app.world.store.begin() as conn:
        live = segments_in_range(conn, SegmentQuery(START, END, content_type="live"))
        live_1 = segments_in_range(conn, SegmentQuery(START, END, content_type="live", content_ids=(1,)))
    assert {row["id"] for row in live} == {sid("live-1"), sid("live-2")}
    assert [row["id"] for row in live_1] == [sid("live-1")]


def test_viewers_group_identified_segments_and_skip_anonymous(empty_app, add_segments):
    add_segments(
        segment("ann-a", 1_100_000, 1_200_000, viewer_identifier="ann@example.com", content_id=1),
        segment("ann-b", 1_300_000, 1_400_000, viewer_identifier="ann@example.com", content_id=2),
        segment("ann-c", 1_500_000, None, viewer_identifier="ann@example.com", content_id=1),
        segment("bob-a", 1_100_000, 1_150_000, viewer_identifier="Bob@Example.com", content_id=1),
        segment("anon", 1_100_000, 1_150_000, viewer_identifier=None),
        segment("bob-old", 100, 200, viewer_identifier="Bob@Example.com"),
    )
    with empty_app.world.store.begin() as conn:
        viewers = viewers_in_range(conn, SegmentQuery(START, END))
        total = count_viewers(conn, SegmentQuery(START, END))
        bobs = viewers_in_range(conn, SegmentQuery(START, END, viewer_substring="bob@"))
    assert total == 2
    assert [v.viewer_identifier for v in viewers] == ["Bob@Example.com", "ann@example.com"]
    bob, ann = viewers
    assert len(ann.segments) == 3
    assert ann.videos_watched == 2  # content 1 twice, content 2 once
    assert ann.last_activity == 1_500_000  # the playing segment started last
    assert bob.videos_watched == 1 and bob.last_activity == 1_150_000
    assert [v.viewer_identifier for v in bobs] == ["Bob@Example.com"]  # case-insensitive match
