"""The raw view segments as sorted arrays: which segments and which viewers a `/views` or
`/viewers` request matches, found by binary search instead of SQL COUNTs.

Segments are held in the store's listing order (`started_at`, then id); a segment's *rank* is
its place in that order. A page's rows are read back by id (`segment_rows`).
The rules are those of `segments.SegmentQuery` (see `segments.range_parts`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from sqlalchemy import Connection

from vidmock.apis.ibm_analytics.domain.segments import SegmentQuery
from vidmock.apis.ibm_analytics.read_model.codes import encode_contents
from vidmock.apis.ibm_analytics.read_model.column_scan import BYTES, CODE, FLOAT, IDENTIFIER, INT, scan

_CONTENT_TYPES = ("live", "recorded")
# The columns a query is matched on, kept for every segment.
_MATCHED = {
    "started_at": FLOAT,
    "finished_at": FLOAT,
    "content_type": CODE,
    "content_id": INT,
    "viewer_identifier": IDENTIFIER,
}


@dataclass(frozen=True)
class Matches:
    """The matching segments' ranks in listing order: `carried` then the range [lo, hi) when
    every segment in that range matches, else all of them in `ranks`."""

    ranks: np.ndarray
    lo: int = 0
    hi: int = 0

    @property
    def count(self) -> int:
        return len(self.ranks) + self.hi - self.lo

    def page(self, offset: int, limit: int) -> np.ndarray:
        head = self.ranks[offset : offset + limit]
        wanted = limit - len(head)
        if wanted <= 0 or self.hi <= self.lo:
            return head
        start = self.lo + max(0, offset - len(self.ranks))
        return np.concatenate([head, np.arange(start, min(start + wanted, self.hi))])

    def all(self) -> np.ndarray:
        return self.page(0, self.count)


class SegmentIndex:
    def __init__(self, conn: Connection) -> None:
        # The listing order comes from the (started_at, id) index alone; the columns come in
        # the table's own order, which reads far faster than row by row in listing order.
        self.ids = scan(conn, "SELECT id FROM ibm_segments ORDER BY started_at, id", {"id": BYTES})["id"]
        kinds = {"id": BYTES, **_MATCHED}
        natural = scan(conn, f"SELECT {', '.join(kinds)} FROM ibm_segments", kinds)
        by_id = np.argsort(natural["id"], kind="stable")
        take = by_id[np.searchsorted(natural["id"][by_id], self.ids)]
        self.started, self.finished = natural["started_at"][take], natural["finished_at"][take]
        kinds, kind_labels = natural["content_type"]
        self.content, contents = encode_contents(kinds[take], kind_labels, natural["content_id"][take])
        self.contents = {key: code for code, key in enumerate(contents)}
        self.content_keys = contents
        viewer_codes, self.viewers = natural["viewer_identifier"]
        self.viewer = viewer_codes[take]
        self.unfinished = np.flatnonzero(np.isnan(self.finished))
        spans = self.finished - self.started
        # How far before a range a segment that finishes inside it can have started.
        self.max_span = float(np.nanmax(spans)) if np.any(~np.isnan(spans)) else 0.0
        self._subsets: dict[Any, tuple[np.ndarray, np.ndarray]] = {}
        order = np.argsort(self.content, kind="stable")
        bounds = np.searchsorted(self.content[order], np.arange(len(contents) + 1))
        for code, key in enumerate(contents):
            ranks = order[bounds[code] : bounds[code + 1]]
            self._subsets[key] = (ranks, self.started[ranks])
        kind_of = np.array([_CONTENT_TYPES.index(k) if k in _CONTENT_TYPES else -1 for k, _ in contents])
        for index, kind in enumerate(_CONTENT_TYPES):
            ranks = np.flatnonzero(np.isin(self.content, np.flatnonzero(kind_of == index)))
            self._subsets[kind] = (ranks, self.started[ranks])

    # --- /views ---------------------------------------------------------------------------

    def matches(self, query: SegmentQuery, viewer_codes: np.ndarray | None = None) -> Matches:
        """The segments `query` selects; `viewer_codes` (a table of allowed viewer codes,
        indexed by code + 1) narrows them to some viewers."""
        subsets = self._subsets_for(query)
        if subsets is None:
            return self._match_in(None, self.started, query, viewer_codes)
        found = [self._match_in(ranks, started, query, viewer_codes).all() for ranks, started in subsets]
        if not found:
            return Matches(np.empty(0, dtype=np.int64))
        return Matches(np.sort(np.concatenate(found)) if len(found) > 1 else found[0])

    def ids_of(self, ranks: np.ndarray) -> list[str]:
        """The ids of the segments at `ranks`, in the order given."""
        return [raw.decode() for raw in self.ids[ranks].tolist()]

    def _subsets_for(self, query: SegmentQuery) -> list[tuple[np.ndarray, np.ndarray]] | None:
        if query.content_ids:
            kinds = [query.content_type] if query.content_type else _CONTENT_TYPES
            keys = {(kind, content_id) for kind in kinds for content_id in query.content_ids}
            return [self._subsets[key] for key in sorted(keys) if key in self._subsets]
        if query.content_type:
            return [self._subsets[query.content_type]] if query.content_type in self._subsets else []
        return None

    def _match_in(
        self, ranks: np.ndarray | None, started: np.ndarray, query: SegmentQuery, viewer_codes
    ) -> Matches:
        # Positions in `started` (the subset's own order): [lo, hi) started inside the range,
        # [first, lo) started before it, recently enough to finish inside.
        lo = int(np.searchsorted(started, query.start, "left"))
        hi = max(lo, int(np.searchsorted(started, query.end, "right")))

        def ranks_of(a: int, b: int) -> np.ndarray:
            return np.arange(a, b) if ranks is None else ranks[a:b]

        carried = np.empty(0, dtype=np.int64)
        if query.inclusive_range:
            first = int(np.searchsorted(started, query.start - self.max_span, "left"))
            before = ranks_of(first, lo)
            ended = self.finished[before]
            carried = before[(ended >= query.start) & (ended <= query.end)]
            if viewer_codes is not None:
                carried = carried[viewer_codes[self.viewer[carried] + 1]]
            if ranks is None and viewer_codes is None and query.list_unfinished:
                # Everything that started inside matches: a range, never listed.
                return Matches(carried, lo, hi)
        inside = ranks_of(lo, hi)
        ended = self.finished[inside]
        if not query.inclusive_range:
            keep = (ended >= query.start) & (ended <= query.end)
        elif query.list_unfinished:
            keep = np.ones(len(inside), dtype=bool)
        else:
            keep = ~np.isnan(ended)
        if viewer_codes is not None:
            keep &= viewer_codes[self.viewer[inside] + 1]
        return Matches(np.concatenate([carried, inside[keep]]))

    # --- /viewers -------------------------------------------------------------------------

    def viewer_codes(self, substring: str | None) -> np.ndarray:
        """Allowed viewers, indexed by code + 1 (an anonymous segment's -1 is never allowed).

        A substring matches as the store's `lower(x) LIKE '%needle%'` does on SQLite: the
        needle lowered, the identifier's ASCII letters compared without case."""
        allowed = np.zeros(len(self.viewers) + 1, dtype=bool)
        if substring is None:
            allowed[1:] = True
        else:
            needle = _ascii_lower(substring.lower())
            allowed[1:] = [needle in _ascii_lower(name) for name in self.viewers]
        return allowed

    def viewers_page(self, matches: Matches, offset: int, limit: int) -> tuple[int, np.ndarray]:
        """(how many viewers, the ranks of the segments of the page's viewers)."""
        ranks = matches.all()
        codes = self.viewer[ranks]
        present = np.zeros(len(self.viewers), dtype=bool)
        present[codes] = True
        names = np.flatnonzero(present)
        page = names[offset : offset + limit]
        wanted = np.zeros(len(self.viewers), dtype=bool)
        wanted[page] = True
        return len(names), ranks[wanted[codes]]

    def viewer_groups(self, ranks: np.ndarray) -> ViewerGroups:
        """The segments at `ranks` grouped by viewer, in code order, each viewer's in the order
        given, with each viewer's totals: how many contents they watched, and when they were
        last heard of in Unix seconds (a segment's end, or its start while playing)."""
        viewer = self.viewer[ranks].astype(np.int64)
        if len(viewer) == 0:
            return ViewerGroups([], ranks, [], [], [])
        order = np.argsort(viewer, kind="stable")
        grouped = viewer[order]
        firsts = np.flatnonzero(np.concatenate([[True], grouped[1:] != grouped[:-1]]))
        finished = self.finished[ranks]
        heard = np.where(np.isnan(finished), self.started[ranks], finished)
        last = np.maximum.reduceat(heard[order], firsts)
        watched_pairs = np.unique(viewer * len(self.content_keys) + self.content[ranks])
        watched = np.bincount(watched_pairs // len(self.content_keys), minlength=int(grouped[-1]) + 1)
        codes = grouped[firsts]
        ends = np.append(firsts[1:], len(grouped))
        return ViewerGroups(
            codes.tolist(), ranks[order], ends.tolist(), watched[codes].tolist(), last.tolist()
        )


class ViewerGroups(NamedTuple):
    """`SegmentIndex.viewer_groups`: per viewer (`codes`, ascending) the segments
    `ranks[previous end:end]`, and the viewer's totals."""

    codes: list[int]
    ranks: np.ndarray
    ends: list[int]
    videos_watched: list[int]
    last_activity: list[float]


def _ascii_lower(text: str) -> str:
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
