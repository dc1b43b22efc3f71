"""The stored views (player sessions) as arrays sorted by start, answering the aggregates of
`metrics` with binary searches and vectorised counts instead of SQL.

A time range is a slice of the arrays. A distinct count over a slice needs no sort: each view
knows the previous view with the same key (`codes.previous_same`), and the slice holds one
distinct key per view whose previous one lies before the slice. Content filters break that
chain (the previous view may be filtered out); those counts fall back to marking keys."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sqlalchemy import Connection

from vidmock.apis.ibm_analytics.domain.buckets import Bucket
from vidmock.apis.ibm_analytics.domain.metrics import ViewFilter
from vidmock.apis.ibm_analytics.read_model.codes import encode_contents, previous_same
from vidmock.apis.ibm_analytics.read_model.column_scan import CODE, FLOAT, IDENTIFIER, INT, scan

# Non-time dimension -> the column it groups by (see `metrics.GROUPING`).
_GROUP_COLUMN = {
    "location": "country",
    "country": "country",
    "region": "region",
    "device": "device",
    "view-source": "view_type",
}
_COLUMNS = {
    "started_at": FLOAT,
    "content_type": CODE,
    "content_id": INT,
    "client_id": CODE,
    "viewer_identifier": IDENTIFIER,
    **{column: CODE for column in _GROUP_COLUMN.values()},
}


class ViewIndex:
    def __init__(self, conn: Connection) -> None:
        # Read in the table's own order and sorted here: far faster than reading in index order.
        values = scan(conn, f"SELECT {', '.join(_COLUMNS)} FROM ibm_views", _COLUMNS)
        order = np.argsort(values["started_at"], kind="stable")
        self.started = values["started_at"][order]
        kinds, kind_labels = values["content_type"]
        self.content, contents = encode_contents(kinds[order], kind_labels, values["content_id"][order])
        self.contents = contents
        # Metric -> (key codes, -1 where the view does not count; previous view with that key).
        self._keys: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for metric, column in (
            ("unique-devices", "client_id"),
            ("authenticated-viewers", "viewer_identifier"),
        ):
            codes = values[column][0][order]
            self._keys[metric] = (codes, previous_same(codes))
        self._groups = {}
        for column in set(_GROUP_COLUMN.values()):
            codes, labels = values[column]
            self._groups[column] = codes[order], labels
        self._previous_in_group: dict[tuple[str, str], np.ndarray] = {}

    def summary(self, metric: str, scope: ViewFilter) -> int:
        lo, hi = self._slice(scope.start, scope.end)
        return int(self._per_slice(metric, scope, np.array([lo]), np.array([hi]))[0])

    def per_bucket(self, metric: str, scope: ViewFilter, page: Sequence[Bucket]) -> list[int]:
        if not page:
            return []
        starts = np.array([max(b.start, scope.start) for b in page])
        ends = np.array([min(b.end, scope.end) for b in page])
        los = np.searchsorted(self.started, starts, "left")
        his = np.maximum(los, np.searchsorted(self.started, ends, "left"))
        return [int(v) for v in self._per_slice(metric, scope, los, his)]

    def per_group(self, metric: str, scope: ViewFilter, dimension: str) -> list[tuple[str, int]]:
        groups, labels = self._groups[_GROUP_COLUMN[dimension]]
        lo, hi = self._slice(scope.start, scope.end)
        allowed = self._allowed(scope)
        chosen = slice(lo, hi)
        group = groups[chosen]
        if metric == "total-views":
            keep = np.ones(hi - lo, dtype=bool) if allowed is None else allowed[self.content[chosen]]
            amounts = np.bincount(group[keep], minlength=len(labels))
        else:
            codes = self._keys[metric][0][chosen]
            keep = codes >= 0
            if allowed is None:
                keep &= self._previous_in(metric, _GROUP_COLUMN[dimension])[chosen] < lo
                amounts = np.bincount(group[keep], minlength=len(labels))
            else:
                keep &= allowed[self.content[chosen]]
                width = int(codes.max(initial=0)) + 1
                pairs = np.unique(group[keep].astype(np.int64) * width + codes[keep])
                amounts = np.bincount(pairs // width, minlength=len(labels))
        order = sorted(range(len(labels)), key=lambda code: (-amounts[code], code))
        return [(labels[code], int(amounts[code])) for code in order if amounts[code] > 0]

    def busiest(self, content_type: str | None) -> tuple[str, int] | None:
        """The content (of `content_type`, if given) with the most views, the first in
        (content type, content id) order among equals; None when no view matches."""
        views = np.bincount(self.content, minlength=len(self.contents))
        for code, (kind, _content_id) in enumerate(self.contents):
            if content_type and kind != content_type:
                views[code] = 0
        if not len(views) or views.max() == 0:
            return None
        return self.contents[int(np.argmax(views))]

    # --- helpers --------------------------------------------------------------------------

    def _slice(self, start: float, end: float) -> tuple[int, int]:
        lo = int(np.searchsorted(self.started, start, "left"))
        return lo, max(lo, int(np.searchsorted(self.started, end, "left")))

    def _allowed(self, scope: ViewFilter) -> np.ndarray | None:
        """Which content codes the scope keeps (None: all of them)."""
        if not scope.content_type and not scope.content_ids:
            return None
        ids = set(scope.content_ids)
        return np.array(
            [
                (not scope.content_type or kind == scope.content_type) and (not ids or content_id in ids)
                for kind, content_id in self.contents
            ],
            dtype=bool,
        )

    def _per_slice(self, metric: str, scope: ViewFilter, los: np.ndarray, his: np.ndarray) -> np.ndarray:
        """The metric over each slice [los[i], his[i]); the slices are ordered and disjoint."""
        allowed = self._allowed(scope)
        if len(los) == 0:
            return np.zeros(0, dtype=np.int64)
        first, last = int(los[0]), int(his[-1])
        positions = np.arange(first, last)
        # Which slice each position is in (positions between slices belong to none).
        slot = np.searchsorted(his, positions, "right")
        inside = slot < len(los)
        inside[inside] &= positions[inside] >= los[slot[inside]]
        if allowed is not None:
            inside &= allowed[self.content[first:last]]
        if metric == "total-views":
            return np.bincount(slot[inside], minlength=len(los))
        codes, previous = self._keys[metric]
        inside &= codes[first:last] >= 0
        if allowed is None:
            fresh = previous[first:last] < los[np.minimum(slot, len(los) - 1)]
            return np.bincount(slot[inside & fresh], minlength=len(los))
        width = int(codes.max(initial=0)) + 1
        pairs = np.unique(slot[inside].astype(np.int64) * width + codes[first:last][inside])
        return np.bincount(pairs // width, minlength=len(los))

    def _previous_in(self, metric: str, column: str) -> np.ndarray:
        key = (metric, column)
        if key not in self._previous_in_group:
            codes = self._keys[metric][0]
            groups = self._groups[column][0]
            pairs = groups.astype(np.int64) * (int(codes.max(initial=0)) + 2) + codes + 1
            self._previous_in_group[key] = previous_same(pairs)
        return self._previous_in_group[key]
