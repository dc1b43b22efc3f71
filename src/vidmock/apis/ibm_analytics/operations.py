"""Connexion operations of the Analytics API: read the parsed request, ask the read model
derived from the store (`read_model`), shape the answer. The spec has already checked every
parameter's type and bounds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vidmock.apis.ibm_analytics import wire
from vidmock.apis.ibm_analytics.domain import metrics
from vidmock.apis.ibm_analytics.domain import segments as domain
from vidmock.apis.ibm_analytics.domain.buckets import buckets
from vidmock.apis.ibm_analytics.times import iso_seconds, parse_range
from vidmock.http.pagination import Page
from vidmock.storage.store import LazyConnection, Store
from vidmock.world import current

if TYPE_CHECKING:
    from vidmock.apis.ibm_analytics.read_model.model import ReadModel


async def list_views(
    date_time_from: str,
    date_time_to: str,
    content_type: str | None = None,
    content_id: list[int] | None = None,
    list_unfinished_segments: bool = True,
    inclusive_range: bool = True,
    _page: int = 1,
    _limit: int = 10,
) -> dict:
    start, end = parse_range(date_time_from, date_time_to)
    query = domain.SegmentQuery(
        start.timestamp(),
        end.timestamp(),
        inclusive_range,
        list_unfinished_segments,
        content_type,
        tuple(content_id or ()),
    )
    store = current().store
    with store.reading() as connection:
        model = reads(store, connection)
        total, texts = model.views_page(connection, query, (_page - 1) * _limit, _limit, start.tzinfo)
    page = Page(_page, _limit, total)
    return wire.envelope_response("View", [wire.view_json(text) for text in texts], page)


async def list_viewers(
    date_time_from: str,
    date_time_to: str,
    content_type: str | None = None,
    content_id: list[int] | None = None,
    viewer_identifier: str | None = None,
    list_unfinished_segments: bool = True,
    _page: int = 1,
    _limit: int = 10,
) -> dict:
    start, end = parse_range(date_time_from, date_time_to)
    query = domain.SegmentQuery(
        start.timestamp(),
        end.timestamp(),
        True,
        list_unfinished_segments,
        content_type,
        tuple(content_id or ()),
        viewer_identifier,
    )
    zone = start.tzinfo
    store = current().store
    with store.reading() as connection:
        model = reads(store, connection)
        total, viewers = model.viewers_page(connection, query, (_page - 1) * _limit, _limit, zone)
    page = Page(_page, _limit, total)
    return wire.envelope_response("Viewer", [wire.viewer_json(viewer, zone) for viewer in viewers], page)


def reads(store: Store, connection: LazyConnection) -> ReadModel:
    """Where the reads are answered from (a test puts the plain SQL recount here);
    `connection` opens the request's read transaction when first called (`Store.reading`)."""
    # The model's numpy indexes are imported by a first analytics read, not at start-up.
    from vidmock.apis.ibm_analytics.read_model.model import read_model

    return read_model(store, connection)


# The `/{content_type}` forms take the same parameters plus the content type and ids.
list_views_of_type = list_views
list_viewers_of_type = list_viewers


# --- aggregates -----------------------------------------------------------------------------


def _series_handler(metric: str, by_dimension: bool):
    async def operation(
        date_time_from: str,
        date_time_to: str,
        content_type: str | None = None,
        content_id: list[int] | None = None,
        dimension: str | None = None,
        _page: int = 1,
        _limit: int = 10,
    ) -> dict:
        start, end = parse_range(date_time_from, date_time_to)
        scope = metrics.ViewFilter(start.timestamp(), end.timestamp(), content_type, tuple(content_id or ()))
        store = current().store
        with store.reading() as connection:
            model = reads(store, connection)
            if not by_dimension:
                items = [("summary", iso_seconds(start), model.summary(metric, scope))]
                page = Page(_page, _limit, 1)
                items = items[page.offset : page.offset + _limit]
            elif dimension in metrics.TIME_DIMENSIONS:
                grid = buckets(dimension, start, end, start.tzinfo)
                page = Page(_page, _limit, len(grid))
                window = [grid[i] for i in range(page.offset, min(page.offset + _limit, len(grid)))]
                values = model.per_bucket(metric, scope, window)
                items = [(dimension, b.point, v) for b, v in zip(window, values, strict=True)]
            else:
                groups = model.per_group(metric, scope, dimension)
                page = Page(_page, _limit, len(groups))
                items = [(dimension, point, v) for point, v in groups[page.offset : page.offset + _limit]]
        return wire.envelope_response("Series", [wire.series_json(*item) for item in items], page)

    return operation


total_views_summary = _series_handler("total-views", by_dimension=False)
total_views_by_dimension = _series_handler("total-views", by_dimension=True)
total_views_of_type_summary = total_views_summary
total_views_of_type_by_dimension = total_views_by_dimension
unique_devices_summary = _series_handler("unique-devices", by_dimension=False)
unique_devices_by_dimension = _series_handler("unique-devices", by_dimension=True)
unique_devices_of_type_summary = unique_devices_summary
unique_devices_of_type_by_dimension = unique_devices_by_dimension
authenticated_viewers_summary = _series_handler("authenticated-viewers", by_dimension=False)
authenticated_viewers_by_dimension = _series_handler("authenticated-viewers", by_dimension=True)
authenticated_viewers_of_type_summary = authenticated_viewers_summary
authenticated_viewers_of_type_by_dimension = authenticated_viewers_by_dimension


async def peak_viewer_numbers(
    date_time_from: str,
    date_time_to: str,
    granularity: str = "minute",
    content_type: str | None = None,
    content_id: list[int] | None = None,
    _page: int = 1,
    _limit: int = 10,
) -> dict:
    start, end = parse_range(date_time_from, date_time_to)
    world = current()
    with world.store.reading() as connection:
        found = reads(world.store, connection).peaks(
            start,
            end,
            start.tzinfo,
            granularity,
            world.clock.timestamp(),
            content_type,
            tuple(content_id or ()),
        )
    page = Page(_page, _limit, len(found))
    return wire.envelope_response(
        "PeakSeries", [wire.peak_json(item) for item in found.page(page.offset, _limit)], page
    )


peak_viewer_numbers_of_type = peak_viewer_numbers
