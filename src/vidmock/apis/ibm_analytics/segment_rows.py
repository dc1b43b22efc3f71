"""A page of segments read back from the store by their row keys, as `select(segments)`
would give them, in the order asked for.

The read model keeps only the columns it matches on; a page's other columns are read by key
(SQLite's rowid, or the segment id elsewhere): a few thousand index lookups cost less than
holding every column of a million segments in memory."""

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
# Keys asked for in one statement (well under any driver's limit on parameters).
_BATCH = 5000


def row_key(conn: Connection) -> str:
    """The column a segment is fetched by: SQLite's rowid (no second index to descend), else
    the primary key."""
    return "rowid" if conn.dialect.name == "sqlite" else "id"


def fetch_rows(conn: Connection, keys: Sequence[Any]) -> list[dict[str, Any]]:
    """The segments of `keys` (values of `row_key`), in that order."""
    key = row_key(conn)
    statement = text(f"SELECT {key}, {', '.join(COLUMNS)} FROM ibm_segments WHERE {key} IN :keys").bindparams(
        bindparam("keys", expanding=True)
    )
    found: dict[Any, dict[str, Any]] = {}
    parsed: dict[str, Any] = {}
    for begin in range(0, len(keys), _BATCH):
        for found_key, *values in conn.execute(statement, {"keys": list(keys[begin : begin + _BATCH])}):
            row = dict(zip(COLUMNS, values, strict=True))
            row["is_mobile_view"] = bool(row["is_mobile_view"])
            info = row["device_info"]
            if isinstance(info, str):  # SQLite's driver hands JSON over as text, PostgreSQL's parsed
                if info not in parsed:
                    parsed[info] = json.loads(info)
                row["device_info"] = parsed[info]
            found[found_key] = row
    return [found[key] for key in keys]
