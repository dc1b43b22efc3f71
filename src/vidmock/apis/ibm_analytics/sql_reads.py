"""IBM's reads as plain SQL recounts over the store: the reference `read_model.ReadModel` must
agree with (tests/test_ibm_read_model.py compares whole response bodies)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from vidmock.apis.ibm_analytics import metrics, peaks
from vidmock.apis.ibm_analytics import segments as domain
from vidmock.apis.ibm_analytics.buckets import Bucket


@dataclass(frozen=True)
class SqlReads:
    conn: Connection

    def views_page(
        self, conn: Connection, query: domain.SegmentQuery, offset: int, limit: int
    ) -> tuple[int, list[dict[str, Any]]]:
        total = domain.count_segments(conn, query)
        return total, [] if offset >= total else domain.segments_in_range(conn, query, offset, limit)

    def viewers_page(
        self, conn: Connection, query: domain.SegmentQuery, offset: int, limit: int
    ) -> tuple[int, list[domain.ViewerActivity]]:
        total = domain.count_viewers(conn, query)
        return total, [] if offset >= total else domain.viewers_in_range(conn, query, offset, limit)

    def peaks(self, conn: Connection, *args: Any) -> peaks.Peaks:
        return peaks.peaks(conn, *args)

    def summary(self, metric: str, scope: metrics.ViewFilter) -> int:
        return metrics.summary(self.conn, metric, scope)

    def per_bucket(self, metric: str, scope: metrics.ViewFilter, page: Sequence[Bucket]) -> list[int]:
        return metrics.per_bucket(self.conn, metric, scope, page)

    def per_group(self, metric: str, scope: metrics.ViewFilter, dimension: str) -> list[tuple[str, int]]:
        return metrics.per_group(self.conn, metric, scope, dimension)
