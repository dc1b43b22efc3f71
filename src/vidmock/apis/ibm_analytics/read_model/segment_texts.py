"""Segments as the JSON text of `/views` and `/viewers`, written once per segment and answer zone
while the read model lives (the store unchanged), so a page of a thousand segments is a
thousand lookups rather than a thousand rows read back and formatted.

Bounded: past `LIMIT` segments kept, the texts are dropped and written again as asked for."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from sqlalchemy import Connection

from vidmock.apis.ibm_analytics.read_model.segment_rows import fetch_rows
from vidmock.apis.ibm_analytics.wire import SegmentText, segment_text

# About 0.9 KB each: every segment of a medium world, a tenth of a million-segment one.
LIMIT = 100_000


class SegmentTexts:
    def __init__(self, limit: int = LIMIT) -> None:
        self._limit = limit
        self._kept = 0
        self._by_zone: dict[tzinfo, dict[str, SegmentText]] = {}

    def of(self, conn: Connection, ids: Sequence[str], zone: tzinfo) -> list[SegmentText]:
        """The texts of the segments `ids`, in that order, written in `zone`."""
        texts = self._by_zone.setdefault(zone, {})
        try:
            return [texts[i] for i in ids]  # once a world is warm, every text is there
        except KeyError:
            pass
        missing = list(dict.fromkeys(i for i in ids if i not in texts))
        if missing:
            if self._kept + len(missing) > self._limit:
                self._by_zone = {zone: (texts := {})}
                self._kept = 0
                missing = list(dict.fromkeys(ids))
            for row in fetch_rows(conn, missing):
                texts[row["id"]] = segment_text(row, zone)
            self._kept += len(missing)
        return [texts[i] for i in ids]
