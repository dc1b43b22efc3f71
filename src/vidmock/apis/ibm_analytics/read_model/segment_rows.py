"""A page of segments read back from the store by id, as `select(segments)` would give them,
in the order asked for.

The read model keeps only the columns it matches on; a page's other columns are read by id:
a few thousand lookups of the primary key cost less than holding every column of a million
segments in memory."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, text

# The store's columns, in its order (`select(segments)`).
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
# Ids asked for in one statement (well under any driver's limit on parameters).
_BATCH = 5000


def fetch_rows(conn: Connection, ids: Sequence[str]) -> list[dict[str, Any]]:
    """The segments of `ids`, in that order."""
    statement = text(f"SELECT {', '.join(COLUMNS)} FROM ibm_segments WHERE id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    found: dict[str, dict[str, Any]] = {}
    parsed: dict[str, Any] = {}
    for begin in range(0, len(ids), _BATCH):
        for values in conn.execute(statement, {"ids": list(ids[begin : begin + _BATCH])}).all():
            row = dict(zip(COLUMNS, values, strict=True))
            row["is_mobile_view"] = bool(row["is_mobile_view"])
            info = row["device_info"]
            if isinstance(info, str):  # SQLite's driver hands JSON over as text, PostgreSQL's parsed
                if info not in parsed:
                    parsed[info] = json.loads(info)
                row["device_info"] = parsed[info]
            found[row["id"]] = row
    return [found[segment_id] for segment_id in ids]
