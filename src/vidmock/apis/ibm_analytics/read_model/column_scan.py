"""A query's result read a chunk at a time into compact columns (numpy arrays and codes), so
building the read model of a million segments never holds a million row tuples at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import Connection

from vidmock.apis.ibm_analytics.read_model.codes import Encoder
from vidmock.storage.store import collector_paused

# A chunk's row tuples are the scan's largest passing cost in memory: 16k rows of segments
# hold about 8 MB, and four times as many left a million segments' model 60 MB bigger at its
# peak (and no faster).
CHUNK_ROWS = 16_384


@dataclass(frozen=True)
class Kind:
    """How a column is kept: `int` (int64), `float` (float64, NULL as NaN), `bytes` (UTF-8 text
    as a numpy bytes array), `code` (codes and sorted labels; `missing` values get -1)."""

    name: str
    missing: tuple = (None,)


INT, FLOAT, BYTES, CODE = Kind("int"), Kind("float"), Kind("bytes"), Kind("code")
# A viewer identifier: an empty one is as anonymous as a missing one (IBM's `/viewers` rule).
IDENTIFIER = Kind("code", missing=(None, ""))


def scan(conn: Connection, sql: str, kinds: dict[str, Kind]) -> dict[str, Any]:
    """Each column of `sql` (selecting `kinds`' columns in their order) in its compact form:
    an array, or (codes, labels) for `code`."""
    parts: dict[str, list] = {name: [] for name in kinds}
    encoders = {name: Encoder(kind.missing) for name, kind in kinds.items() if kind.name == "code"}
    # The driver's own cursor, in `conn`'s transaction: SQLAlchemy's rows would double the time.
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        with collector_paused():
            cursor.execute(sql)
            while chunk := cursor.fetchmany(CHUNK_ROWS):
                for (name, kind), values in zip(kinds.items(), zip(*chunk, strict=True), strict=True):
                    parts[name].append(_compact(kind, values, encoders.get(name)))
    finally:
        cursor.close()
    columns: dict[str, Any] = {}
    for name, kind in kinds.items():
        joined = np.concatenate(parts[name]) if parts[name] else np.empty(0, dtype=_EMPTY[kind.name])
        columns[name] = encoders[name].finish(joined) if kind.name == "code" else joined
    return columns


_EMPTY = {"int": np.int64, "float": np.float64, "bytes": np.bytes_, "code": np.int32}


def _compact(kind: Kind, values: tuple, encoder: Encoder | None) -> np.ndarray:
    if kind.name == "int":
        return np.array(values, dtype=np.int64)
    if kind.name == "float":
        return np.array(values, dtype=np.float64)  # None becomes NaN
    if kind.name == "bytes":
        return np.array([value.encode() for value in values], dtype=np.bytes_)
    assert encoder is not None
    return encoder.add(values)
