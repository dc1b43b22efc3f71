"""Peak concurrent viewers: per content and per time bucket, the largest number of segments
playing at one instant inside the bucket.

A segment plays over [started_at, finished_at): one that ends exactly when another starts does
not overlap it. A segment still playing counts until the clock's now. Only the part of the
range [start, end) is looked at; buckets where nobody watched a content are left out.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlalchemy import Connection, and_, func, or_, select

from vidmock.apis.ibm_analytics.domain.buckets import Buckets, buckets
from vidmock.apis.ibm_analytics.tables import segments

# One row of a peaks answer: (content_type, content_id, bucket start in ISO 8601, value).
PeakItem = tuple[str, int, str, int]


@dataclass(frozen=True)
class Peaks:
    """Every (content, bucket) with a peak of at least one, ordered by bucket, then content.
    Bucket times are worked out only for the items a page shows."""

    grid: Buckets
    items: list[tuple[int, str, int, int]]  # (bucket index, content_type, content_id, value)

    def __len__(self) -> int:
        return len(self.items)

    def page(self, offset: int, limit: int) -> list[PeakItem]:
        window = self.items[offset : offset + limit]
        points = self.grid.points(index for index, *_ in window)
        return [(kind, content_id, points[index], value) for index, kind, content_id, value in window]


def peaks(
    conn: Connection,
    start: datetime,
    end: datetime,
    zone: tzinfo,
    granularity: str,
    now: float,
    content_type: str | None = None,
    content_ids: Sequence[int] = (),
) -> Peaks:
    lo, hi = start.timestamp(), end.timestamp()
    grid = buckets(granularity, start, end, zone)
    if hi <= lo:
        return Peaks(grid, [])
    finished = func.coalesce(segments.c.finished_at, now)
    conditions = [
        segments.c.started_at < hi,
        finished > lo,
        segments.c.started_at < now,
        or_(segments.c.finished_at.is_(None), segments.c.finished_at > segments.c.started_at),
    ]
    if content_type:
        conditions.append(segments.c.content_type == content_type)
    if content_ids:
        conditions.append(segments.c.content_id.in_(list(content_ids)))
    rows = conn.execute(
        select(segments.c.content_type, segments.c.content_id, segments.c.started_at, finished).where(
            and_(*conditions)
        )
    ).all()
    by_content: dict[tuple[str, int], list[tuple[float, int]]] = {}
    for kind, content_id, began, ended in rows:
        events = by_content.setdefault((kind, content_id), [])
        events.append((max(began, lo), +1))
        events.append((min(ended, hi), -1))
    found = [
        (index, kind, content_id, value)
        for (kind, content_id), events in by_content.items()
        for index, value in _bucket_peaks(sorted(events), grid).items()
    ]
    found.sort()
    return Peaks(grid, found)


def _bucket_peaks(events: list[tuple[float, int]], grid: Buckets) -> dict[int, int]:
    """Between two consecutive events the number playing is constant; every bucket that stretch
    touches has at least that peak. Ends sort before starts at the same instant, and a stretch
    of no length is skipped, so touching segments never overlap."""
    best: dict[int, int] = {}
    playing = 0
    for (instant, change), (following, _) in itertools.pairwise(events):
        playing += change
        if playing <= 0 or following <= instant:
            continue
        for index in range(grid.index_of(instant), grid.index_of(following - 1e-6) + 1):
            best[index] = max(best.get(index, 0), playing)
    return best
