"""Export and import of the whole store: every table of every vendor, as plain JSON.

A snapshot lists the rows of every table in primary-key order, derived tables included, so
an import restores exactly what was exported. Imports are checked completely before anything
is written, and written in one transaction: a refused snapshot leaves the store as it was.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, Float, Integer, LargeBinary, String, Table, Text, select
from sqlalchemy.exc import IntegrityError

from vidmock.storage.store import metadata, resync_ids

FORMAT = "vidmock-state"
VERSION = 1


class SnapshotError(ValueError):
    """A snapshot that cannot be imported; `pointer` is the JSON pointer of the problem."""

    def __init__(self, pointer: str, problem: str) -> None:
        super().__init__(f"{pointer or '/'}: {problem}")
        self.pointer = pointer
        self.problem = problem


def export_store(conn: Connection, **about: Any) -> dict[str, Any]:
    tables = {
        table.name: [
            _exported(table, row)
            for row in conn.execute(select(table).order_by(*table.primary_key.columns)).mappings()
        ]
        for table in metadata.sorted_tables
    }
    return {"format": FORMAT, "version": VERSION, **about, "tables": tables}


def import_store(conn: Connection, document: Any) -> dict[str, int]:
    """Replace the store's contents with the snapshot's; returns rows per table."""
    tables = check_snapshot(document)
    for table in reversed(metadata.sorted_tables):
        conn.execute(table.delete())
    counts: dict[str, int] = {}
    for table in metadata.sorted_tables:
        rows = [_imported(table, row) for row in tables.get(table.name, [])]
        if rows:
            try:
                conn.execute(table.insert(), rows)
            except IntegrityError as exc:
                raise SnapshotError(f"/tables/{table.name}", f"rows break a constraint: {exc.orig}") from None
        counts[table.name] = len(rows)
    resync_ids(conn)
    return counts


def _binary_columns(table: Table) -> list[str]:
    return [column.name for column in table.columns if isinstance(column.type, LargeBinary)]


def _exported(table: Table, row: Any) -> dict[str, Any]:
    # JSON has no bytes: binary columns travel as base64 text (RFC 4648 §4).
    out = dict(row)
    for name in _binary_columns(table):
        if out[name] is not None:
            out[name] = base64.b64encode(out[name]).decode("ascii")
    return out


def _imported(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for name in _binary_columns(table):
        if out[name] is not None:
            out[name] = base64.b64decode(out[name], validate=True)
    return out


def check_snapshot(document: Any) -> dict[str, list[dict[str, Any]]]:
    if not isinstance(document, dict):
        raise SnapshotError("", "a snapshot is a JSON object")
    if document.get("format") != FORMAT:
        raise SnapshotError("/format", f"expected '{FORMAT}', found {document.get('format')!r}")
    if document.get("version") != VERSION:
        raise SnapshotError(
            "/version", f"this mock reads version {VERSION} snapshots, found {document.get('version')!r}"
        )
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise SnapshotError("/tables", "expected an object of table name -> rows")
    known = {table.name: table for table in metadata.sorted_tables}
    for name, rows in tables.items():
        if name not in known:
            raise SnapshotError(f"/tables/{name}", f"no such table; known: {', '.join(sorted(known))}")
        if not isinstance(rows, list):
            raise SnapshotError(f"/tables/{name}", "expected a list of rows")
        for index, row in enumerate(rows):
            _check_row(known[name], row, f"/tables/{name}/{index}")
    return tables


def _check_row(table: Table, row: Any, pointer: str) -> None:
    if not isinstance(row, dict):
        raise SnapshotError(pointer, "a row is an object of column -> value")
    columns = set(table.columns.keys())
    unknown = set(row) - columns
    if unknown:
        raise SnapshotError(f"{pointer}/{sorted(unknown)[0]}", f"no such column in {table.name}")
    missing = columns - set(row)
    if missing:
        raise SnapshotError(pointer, f"missing column '{sorted(missing)[0]}'")
    for name, value in row.items():
        problem = type_problem(table.columns[name], value)
        if problem:
            raise SnapshotError(f"{pointer}/{name}", problem)


def type_problem(column, value: Any) -> str | None:
    """Why `value` cannot go into `column`, or None when it can."""
    if value is None:
        return None if column.nullable else "may not be null"
    kind = column.type
    if isinstance(kind, Boolean):
        ok, expected = isinstance(value, bool), "a boolean"
    elif isinstance(kind, Integer):
        ok, expected = isinstance(value, int) and not isinstance(value, bool), "an integer"
        if ok and not -(2**63) <= value < 2**63:
            return "out of the 64-bit integer range"
    elif isinstance(kind, Float):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        expected = "a number"
    elif isinstance(kind, String | Text):
        length = getattr(kind, "length", None)
        if not isinstance(value, str):
            ok, expected = False, "a string"
        elif length is not None and len(value) > length:
            return f"longer than {length} characters"
        else:
            ok, expected = True, ""
    elif isinstance(kind, LargeBinary):
        ok, expected = isinstance(value, str) and _is_base64(value), "base64 text"
    elif isinstance(kind, JSON):
        ok, expected = True, ""
    else:  # pragma: no cover - every column type in use is handled above
        ok, expected = True, ""
    return None if ok else f"expected {expected}, found {type(value).__name__} {value!r}"


def _is_base64(value: str) -> bool:
    try:
        base64.b64decode(value, validate=True)
    except binascii.Error:
        return False
    return True
