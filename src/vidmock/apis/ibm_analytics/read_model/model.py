"""IBM's read model: the segment and view indexes, derived from the store and rebuilt when the
store's `ibm-analytics` generation moves (any write to an IBM table, in any process). The
store stays the only source of truth: the model holds nothing it does not.

`ReadModel` answers the same questions as `sql_reads.SqlReads` (the plain SQL recount, kept
as the reference the differential test compares against), with the same answers."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from functools import cached_property
from typing import TypeVar

from sqlalchemy import Connection

from vidmock.apis.ibm_analytics.domain.buckets import Bucket
from vidmock.apis.ibm_analytics.domain.metrics import ViewFilter
from vidmock.apis.ibm_analytics.domain.segments import SegmentQuery
from vidmock.apis.ibm_analytics.read_model.peak_steps import PeakSteps, peak_steps
from vidmock.apis.ibm_analytics.read_model.peak_table import PeakTable, StretchPeaks, peak_table
from vidmock.apis.ibm_analytics.read_model.segment_index import SegmentIndex
from vidmock.apis.ibm_analytics.read_model.segment_texts import SegmentTexts
from vidmock.apis.ibm_analytics.read_model.view_index import ViewIndex
from vidmock.apis.ibm_analytics.wire import SegmentText, ViewerText
from vidmock.storage.heap import return_free_memory
from vidmock.storage.store import LazyConnection, Store

GENERATION = "ibm-analytics"
T = TypeVar("T")


class Answers:
    """Aggregates worked out so far, by question. The model never changes once built, and a
    dashboard asks the same ranges again and again; past `limit` questions, all are let go."""

    def __init__(self, limit: int = 4096) -> None:
        self._limit = limit
        self._known: dict[Hashable, object] = {}

    def of(self, question: Hashable, work_out: Callable[[], T]) -> T:
        try:
            return self._known[question]  # type: ignore[return-value]
        except KeyError:
            pass
        answer = work_out()
        if len(self._known) >= self._limit:
            self._known.clear()
        self._known[question] = answer
        return answer


@dataclass(frozen=True)
class ReadModel:
    segments: SegmentIndex
    views: ViewIndex
    texts: SegmentTexts

    answers: Answers = field(default_factory=Answers)

    def views_page(
        self, connection: LazyConnection, query: SegmentQuery, offset: int, limit: int, zone: tzinfo
    ) -> tuple[int, list[SegmentText]]:
        """(how many segments match, the page's segments written in `zone`) in listing order.
        `connection()` is asked only for segments whose texts are not kept yet."""
        matches = self.segments.matches(query)
        if offset >= matches.count:
            return matches.count, []
        return matches.count, self.texts.of(connection, matches.page(offset, limit).tolist(), zone)

    def viewers_page(
        self, connection: LazyConnection, query: SegmentQuery, offset: int, limit: int, zone: tzinfo
    ) -> tuple[int, list[ViewerText]]:
        """(how many identified viewers match, the page's viewers with their matching segments)."""
        index = self.segments
        matches = index.matches(query, index.viewer_codes(query.viewer_substring))
        total, ranks = index.viewers_page(matches, offset, limit)
        groups = index.viewer_groups(ranks)
        texts = self.texts.id_and_fields(connection, groups.ranks.tolist(), zone)
        # A viewer's segments are one slice of the page's texts (the starts are one longer).
        slices = zip(groups.codes, [0, *groups.ends], groups.ends, strict=False)
        totals = zip(groups.videos_watched, groups.last_activity, strict=True)
        names = index.viewers
        return total, [
            ViewerText(names[code], texts[start:end], watched, last)
            for (code, start, end), (watched, last) in zip(slices, totals, strict=False)
        ]

    def peaks(
        self,
        start: datetime,
        end: datetime,
        zone: tzinfo,
        granularity: str,
        now: float,
        content_type: str | None,
        content_ids: Sequence[int],
    ) -> PeakTable | StretchPeaks:
        return peak_table(
            self.segments, start, end, zone, granularity, now, content_type, content_ids, self.steps
        )

    @cached_property
    def steps(self) -> PeakSteps:
        """Built on the first peaks request: most models never answer one."""
        steps = peak_steps(self.segments)
        return_free_memory()  # the build's events, sorted and let go
        return steps

    def summary(self, metric: str, scope: ViewFilter) -> int:
        return self.answers.of(("summary", metric, *_key(scope)), lambda: self.views.summary(metric, scope))

    def per_bucket(self, metric: str, scope: ViewFilter, page: Sequence[Bucket]) -> list[int]:
        question = ("per_bucket", metric, *_key(scope), tuple((b.start, b.end) for b in page))
        return list(self.answers.of(question, lambda: tuple(self.views.per_bucket(metric, scope, page))))

    def per_group(self, metric: str, scope: ViewFilter, dimension: str) -> list[tuple[str, int]]:
        question = ("per_group", metric, *_key(scope), dimension)
        return list(self.answers.of(question, lambda: tuple(self.views.per_group(metric, scope, dimension))))


def _key(scope: ViewFilter) -> tuple:
    # Questions are plain tuples, which the garbage collector stops tracking (see `wire.SegmentText`).
    return scope.start, scope.end, scope.content_type, tuple(scope.content_ids)


def read_model(store: Store, connection: LazyConnection) -> ReadModel:
    """The model of the IBM tables as `connection()`'s transaction sees them (one integer read
    when nothing changed since the last request; `Store.reading` gives `connection`)."""
    return store.derived(connection, GENERATION, _built)


def _built(conn: Connection) -> ReadModel:
    segments = SegmentIndex(conn)
    return ReadModel(segments, ViewIndex(conn), SegmentTexts(segments.ids_of))
