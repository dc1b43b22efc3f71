"""Total views, unique devices and authenticated viewers, counted from the stored views.

A *view* is one player session (`view_session_id`), placed at the instant its first segment
started; a metric counts the views that started in [start, end):
- total-views: the views themselves;
- unique-devices: distinct `client_id` among them;
- authenticated-viewers: distinct non-empty `viewer_identifier` among them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, func, select

from vidmock.apis.ibm_analytics.domain.buckets import Bucket
from vidmock.apis.ibm_analytics.tables import views

METRICS = ("total-views", "unique-devices", "authenticated-viewers")
TIME_DIMENSIONS = ("month", "day", "hour")
# The column each non-time dimension groups by. `location` is the seed's name for the country;
# IBM's later documents call it `country` and add `region`.
GROUPING = {
    "location": views.c.country,
    "country": views.c.country,
    "region": views.c.region,
    "device": views.c.device,
    "view-source": views.c.view_type,
}


@dataclass(frozen=True)
class ViewFilter:
    start: float
    end: float  # exclusive
    content_type: str | None = None
    content_ids: tuple[int, ...] = ()

    def conditions(self) -> list[ColumnElement]:
        parts: list[ColumnElement] = []
        if self.content_type:
            parts.append(views.c.content_type == self.content_type)
        if self.content_ids:
            parts.append(views.c.content_id.in_(list(self.content_ids)))
        return parts


def measure(metric: str) -> ColumnElement:
    key = _DISTINCT_KEY.get(metric)
    # count(*) reads the covering index alone; the session id is never null anyway.
    return func.count() if key is None else func.count(func.distinct(key))


def _counted(metric: str, scope: ViewFilter, low: float, high: float) -> list[ColumnElement]:
    """The views `metric` counts that started in [low, high), clipped to the scope's range."""
    parts = [
        views.c.started_at >= max(low, scope.start),
        views.c.started_at < min(high, scope.end),
        *scope.conditions(),
    ]
    if metric == "authenticated-viewers":
        parts += [views.c.viewer_identifier.is_not(None), views.c.viewer_identifier != ""]
    return parts


def summary(conn: Connection, metric: str, scope: ViewFilter) -> int:
    statement = select(measure(metric)).where(*_counted(metric, scope, scope.start, scope.end))
    return conn.execute(statement).scalar_one()


def per_bucket(conn: Connection, metric: str, scope: ViewFilter, page: Sequence[Bucket]) -> list[int]:
    """The metric in each bucket of `page` (clipped to the range), zero where nothing started.

    A few buckets: one aggregate query each, over an index range. Many buckets (hours over
    months): one ordered scan of the page's span, each bucket a slice found by bisection, so
    the cost follows the views in the span rather than the number of buckets."""
    if not page:
        return []
    if len(page) <= _QUERY_PER_BUCKET_UP_TO:
        return [
            conn.execute(select(measure(metric)).where(*_counted(metric, scope, b.start, b.end))).scalar_one()
            for b in page
        ]
    key = _DISTINCT_KEY.get(metric)
    columns = [views.c.started_at] if key is None else [views.c.started_at, key]
    rows = conn.execute(
        select(*columns)
        .where(*_counted(metric, scope, page[0].start, page[-1].end))
        .order_by(views.c.started_at)
    ).all()
    starts = [row[0] for row in rows]
    found = []
    for bucket in page:
        first = bisect_left(starts, max(bucket.start, scope.start))
        last = bisect_left(starts, min(bucket.end, scope.end))
        found.append(last - first if key is None else len({row[1] for row in rows[first:last]}))
    return found


_QUERY_PER_BUCKET_UP_TO = 64
_DISTINCT_KEY = {"unique-devices": views.c.client_id, "authenticated-viewers": views.c.viewer_identifier}


def per_group(conn: Connection, metric: str, scope: ViewFilter, dimension: str) -> list[tuple[str, int]]:
    """(value of the dimension, metric) for every value with at least one view; largest first,
    then by value."""
    key = GROUPING[dimension]
    amount = measure(metric).label("amount")
    statement = (
        select(key, amount)
        .where(*_counted(metric, scope, scope.start, scope.end))
        .group_by(key)
        .order_by(amount.desc(), key)
    )
    return [(point, value) for point, value in conn.execute(statement).all() if value > 0]
