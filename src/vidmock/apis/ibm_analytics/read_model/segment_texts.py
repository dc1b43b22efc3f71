"""Segments as the JSON text of `/views` and `/viewers`, written once per segment and answer zone
while the read model lives (the store unchanged), so a page of a thousand segments is a
thousand lookups rather than a thousand rows read back and formatted. Kept by the segment's rank
in the model's index: a page is a list of ranks, and a `/viewers` page can hold thousands of
segments, whose ids would each be decoded and hashed to be looked up.

Bounded: past `LIMIT` segments kept, the texts are dropped and written again as asked for."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import tzinfo

from vidmock.apis.ibm_analytics.read_model.segment_rows import fetch_rows
from vidmock.apis.ibm_analytics.wire import SegmentText, segment_text
from vidmock.storage.store import LazyConnection

# About 0.9 KB each: every segment of a medium world, a tenth of a million-segment one.
LIMIT = 100_000


class SegmentTexts:
    """`ids_of(ranks)` gives the ids of the segments at `ranks` (`SegmentIndex.ids_of`)."""

    def __init__(self, ids_of: Callable[[Sequence[int]], list[str]], limit: int = LIMIT) -> None:
        self._ids_of = ids_of
        self._limit = limit
        self._kept = 0
        self._by_zone: dict[tzinfo, dict[int, SegmentText]] = {}

    def of(self, connection: LazyConnection, ranks: Sequence[int], zone: tzinfo) -> list[SegmentText]:
        """The texts of the segments at `ranks`, in that order, written in `zone`; the rows of
        those not kept yet are read through `connection()`."""
        texts = self._by_zone.setdefault(zone, {})
        try:
            return [texts[rank] for rank in ranks]  # once a world is warm, every text is there
        except KeyError:
            pass
        missing = list(dict.fromkeys(rank for rank in ranks if rank not in texts))
        if self._kept + len(missing) > self._limit:
            self._by_zone = {zone: (texts := {})}
            self._kept = 0
            missing = list(dict.fromkeys(ranks))
        rank_of = dict(zip(self._ids_of(missing), missing, strict=True))
        for row in fetch_rows(connection(), list(rank_of)):
            texts[rank_of[row["id"]]] = segment_text(row, zone)
        self._kept += len(missing)
        return [texts[rank] for rank in ranks]

    def id_and_fields(self, connection: LazyConnection, ranks: Sequence[int], zone: tzinfo) -> list[str]:
        """The first part of each text (`wire.SegmentText`): what a `/viewers` item lists."""
        texts = self._by_zone.get(zone, {})
        try:
            return [texts[rank][0] for rank in ranks]
        except KeyError:
            return [id_and_fields for id_and_fields, _viewer in self.of(connection, ranks, zone)]
