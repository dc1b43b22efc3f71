"""Connexion operations of the Analytics API: read the parsed request, ask the store, shape
the answer. The spec has already checked every parameter's type and bounds."""

from __future__ import annotations

from vidmock.apis.ibm_analytics import segments as domain
from vidmock.apis.ibm_analytics import wire
from vidmock.apis.ibm_analytics.times import iso, parse_range
from vidmock.pagination import Page
from vidmock.world import current


async def list_views(
    date_time_from: str,
    date_time_to: str,
    list_unfinished_segments: bool = True,
    inclusive_range: bool = True,
    _page: int = 1,
    _limit: int = 10,
) -> dict:
    return _views(
        None, None, date_time_from, date_time_to, list_unfinished_segments, inclusive_range, _page, _limit
    )


async def list_views_of_type(
    content_type: str,
    date_time_from: str,
    date_time_to: str,
    content_id: list[int] | None = None,
    list_unfinished_segments: bool = True,
    inclusive_range: bool = True,
    _page: int = 1,
    _limit: int = 10,
) -> dict:
    return _views(
        content_type,
        content_id,
        date_time_from,
        date_time_to,
        list_unfinished_segments,
        inclusive_range,
        _page,
        _limit,
    )


async def list_viewers(
    date_time_from: str,
    date_time_to: str,
    viewer_identifier: str | None = None,
    list_unfinished_segments: bool = True,
    _page: int = 1,
    _limit: int = 10,
) -> dict:
    return _viewers(
        None, None, viewer_identifier, date_time_from, date_time_to, list_unfinished_segments, _page, _limit
    )


async def list_viewers_of_type(
    content_type: str,
    date_time_from: str,
    date_time_to: str,
    content_id: list[int] | None = None,
    viewer_identifier: str | None = None,
    list_unfinished_segments: bool = True,
    _page: int = 1,
    _limit: int = 10,
) -> dict:
    return _viewers(
        content_type,
        content_id,
        viewer_identifier,
        date_time_from,
        date_time_to,
        list_unfinished_segments,
        _page,
        _limit,
    )


def _views(content_type, content_ids, date_time_from, date_time_to, unfinished, inclusive, page, limit):
    start, end = parse_range(date_time_from, date_time_to)
    query = domain.SegmentQuery(
        start.timestamp(), end.timestamp(), inclusive, unfinished, content_type, tuple(content_ids or ())
    )
    with current().store.begin() as conn:
        total = domain.count_segments(conn, query)
        found = Page(page, limit, total)
        rows = [] if found.beyond_end else domain.segments_in_range(conn, query, found.offset, limit)
    return wire.envelope("View", [wire.view(row, start.tzinfo) for row in rows], found)


def _viewers(
    content_type, content_ids, viewer_identifier, date_time_from, date_time_to, unfinished, page, limit
):
    start, end = parse_range(date_time_from, date_time_to)
    query = domain.SegmentQuery(
        start.timestamp(),
        end.timestamp(),
        True,
        unfinished,
        content_type,
        tuple(content_ids or ()),
        viewer_identifier,
    )
    with current().store.begin() as conn:
        total = domain.count_viewers(conn, query)
        found = Page(page, limit, total)
        viewers = [] if found.beyond_end else domain.viewers_in_range(conn, query, found.offset, limit)
    zone = start.tzinfo
    items = [
        {
            "viewer_identifier": viewer.viewer_identifier,
            "videos_watched": viewer.videos_watched,
            "last_activity": iso(viewer.last_activity, zone),
            "segments": [wire.segment(row, zone) for row in viewer.segments],
        }
        for viewer in viewers
    ]
    return wire.envelope("Viewer", items, found)
