"""The stored segments' columns, column by column in listing order, so a page's rows are
rebuilt from arrays instead of being read back from the store row by row.

Text columns with few distinct values (content type, client, place, device) are kept as codes
into their distinct values; `device_info` objects are shared between the rows that hold the
same one (nothing downstream changes them)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np

from vidmock.apis.ibm_analytics.codes import encode

# The store's columns, in its order (`select(segments)`), as the wire format reads them.
COLUMNS = (
    "id",
    "content_type",
    "content_id",
    "started_at",
    "finished_at",
    "from_position",
    "to_position",
    "client_id",
    "view_session_id",
    "viewer_identifier",
    "country",
    "region",
    "city",
    "is_mobile_view",
    "view_type",
    "device_info",
)
_CODED = ("content_type", "client_id", "viewer_identifier", "country", "region", "city", "view_type")
_NUMBERS = ("content_id", "started_at", "from_position", "to_position")


class SegmentRows:
    def __init__(self, columns: dict[str, Sequence[Any]]) -> None:
        self._coded = {name: encode(columns[name]) for name in _CODED}
        self._numbers = {name: np.array(columns[name], dtype=np.int64) for name in _NUMBERS}
        finished = columns["finished_at"]
        self._finished = np.array([-1 if f is None else f for f in finished], dtype=np.int64)
        self._unfinished = np.array([f is None for f in finished], dtype=bool)
        self._texts = {
            name: np.array([v.encode() for v in columns[name]] or [b""], dtype=np.bytes_)[
                : len(columns[name])
            ]
            for name in ("id", "view_session_id")
        }
        self._mobile = np.array(columns["is_mobile_view"], dtype=bool)
        # PostgreSQL's driver hands JSON over parsed, SQLite's as text: key both by their text.
        texts = [v if isinstance(v, str) else json.dumps(v, sort_keys=True) for v in columns["device_info"]]
        self._device, distinct = encode(texts)
        first_of = {text: value for text, value in zip(texts, columns["device_info"], strict=True)}
        self._devices = [json.loads(t) if isinstance(first_of[t], str) else first_of[t] for t in distinct]

    def rows(self, ranks: np.ndarray) -> list[dict[str, Any]]:
        """The segments of `ranks` as the store's rows (`dict(row)` of `select(segments)`)."""
        values: dict[str, list] = {}
        for name, (codes, labels) in self._coded.items():
            values[name] = [None if code < 0 else labels[code] for code in codes[ranks].tolist()]
        for name, numbers in self._numbers.items():
            values[name] = numbers[ranks].tolist()
        for name, texts in self._texts.items():
            values[name] = [raw.decode() for raw in texts[ranks].tolist()]
        values["finished_at"] = [
            None if still else end
            for end, still in zip(
                self._finished[ranks].tolist(), self._unfinished[ranks].tolist(), strict=True
            )
        ]
        values["is_mobile_view"] = self._mobile[ranks].tolist()
        values["device_info"] = [self._devices[code] for code in self._device[ranks].tolist()]
        return [
            dict(zip(COLUMNS, row, strict=True)) for row in zip(*(values[c] for c in COLUMNS), strict=True)
        ]
