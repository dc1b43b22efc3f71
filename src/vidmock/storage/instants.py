"""Columns that hold instants, and moving a whole world along time.

A column holding an instant says how it writes it, in its `info`:

    Column("created_at", BigInteger, nullable=False, info=UNIX_MS)

Seeding reads the clock only as an origin: every seeded instant is now minus an offset drawn
from the seed. So the world seeded at `t + d` is the world seeded at `t` with every instant
moved by `d`, for a whole number of seconds `d` that keeps the calendar year (JTV's release
years run to now's year). vidmock.storage.world_files keeps one world a year that way and
moves it to each start's instant; tests/test_world_files.py checks the equality on every
table of every vendor.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Connection, Table, func

from vidmock.storage.store import indexes_dropped, metadata

UNIX_S = {"instant": "s"}  # Unix seconds, an integer
UNIX_MS = {"instant": "ms"}  # Unix milliseconds, an integer
ISO_MS = {"instant": "iso-ms"}  # text, e.g. "2026-01-15T19:03:21.428Z" (UTC, milliseconds)


def instant_columns(table: Table) -> list[Column]:
    """The columns of `table` that hold an instant."""
    return [column for column in table.columns if "instant" in column.info]


def move(conn: Connection, seconds: int) -> None:
    """Move every instant a column of the world in `conn` holds by `seconds` (whole seconds,
    either sign); NULLs stay NULL. The ISO text form is moved by SQLite's date functions, so the
    store is SQLite (a kept world always is). One pass a table, with the indexes over those
    columns built again after it: moving a medium world's 46,527 IBM segments through their
    index on `started_at` takes 190 ms, this way 80 ms."""
    for table in metadata.sorted_tables:
        columns = instant_columns(table)
        if not columns:
            continue
        indexes = [i for i in table.indexes if any(c in columns for c in i.columns)]
        with indexes_dropped(conn, indexes, checkfirst=False):  # a kept world has them all
            conn.execute(table.update().values({c.name: _moved(c, seconds) for c in columns}))


def _moved(column: Column, seconds: int) -> Any:
    # SQL arithmetic and date functions leave NULL as NULL.
    unit = column.info["instant"]
    if unit == "s":
        return column + seconds
    if unit == "ms":
        return column + seconds * 1000
    # %f is seconds with three decimals: the same fixed width the column is written in.
    return func.strftime("%Y-%m-%dT%H:%M:%fZ", column, f"{seconds:+d} seconds")
