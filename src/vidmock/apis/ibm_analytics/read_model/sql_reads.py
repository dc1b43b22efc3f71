"""IBM's reads as plain SQL recounts over the store: the reference `read_model.ReadModel` must
agree with (tests/test_ibm_read_model.py compares whole response bodies)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from sqlalchemy import Connection

from vidmock.apis.ibm_analytics.domain import metrics, peaks
from vidmock.apis.ibm_analytics.domain import segments as domain
from vidmock.apis.ibm_analytics.domain.buckets import Bucket
from vidmock.apis.ibm_analytics.wire import SegmentText, ViewerText, segment_text
from vidmock.storage.store import LazyConnection


@dataclass(frozen=True)
class SqlReads:
    conn: Connection

    def views_page(
        self, _connection: LazyConnection, query: domain.SegmentQuery, offset: int, limit: int, zone: tzinfo
    ) -> tuple[int, list[SegmentText]]:
        conn = self.conn
        total = domain.count_segments(conn, query)
        rows = [] if offset >= total else domain.segments_in_range(conn, query, offset, limit)
        return total, [segment_text(row, zone) for row in rows]

    def viewers_page(
        self, _connection: LazyConnection, query: domain.SegmentQuery, offset: int, limit: int, zone: tzinfo
    ) -> tuple[int, list[ViewerText]]:
        conn = self.conn
        total = domain.count_viewers(conn, query)
        found = [] if offset >= total else domain.viewers_in_range(conn, query, offset, limit)
        return total, [
            ViewerText(
                viewer.viewer_identifier,
                [segment_text(row, zone)[0] for row in viewer.segments],
                viewer.videos_watched,
                viewer.last_activity,
            )
            for viewer in found
        ]

    def peaks(self, *args: Any) -> peaks.Peaks:
        return peaks.peaks(self.conn, *args)

    def summary(self, metric: str, scope: metrics.ViewFilter) -> int:
        return metrics.summary(self.conn, metric, scope)

    def per_bucket(self, metric: str, scope: metrics.ViewFilter, page: Sequence[Bucket]) -> list[int]:
        return metrics.per_bucket(self.conn, metric, scope, page)

    def per_group(self, metric: str, scope: metrics.ViewFilter, dimension: str) -> list[tuple[str, int]]:
        return metrics.per_group(self.conn, metric, scope, dimension)
