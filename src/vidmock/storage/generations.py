"""Generations: one counter per watched group of tables, bumped in the same transaction by
every statement that writes to them, so whatever is derived from those tables (a read model)
knows when to rebuild, in every process sharing the store.

The bump happens at the driver's cursor, before the write runs: every write path (seeding,
scenarios, snapshots, resets, the vendor's own handlers, raw bulk inserts) goes through it
without knowing about it, and a rolled-back write rolls its bump back too. An executemany
bumps once. The counter table lives outside the vendors' metadata: snapshots, resets and
`Store.is_empty` never see it.
"""

from __future__ import annotations

import re

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    event,
    insert,
    select,
)

from vidmock.storage.rows import Read

_metadata = MetaData()

generations = Table(
    "vidmock_generations",
    _metadata,
    Column("name", String(40), primary_key=True),
    Column("value", Integer, nullable=False),
)

# Table name prefix -> the generation its writes bump. Names are literals of this module, so
# the bump needs no bound parameters (whose style differs between drivers).
WATCHED = {"ibm_": "ibm-analytics"}

# A statement that writes, and the table it writes to.
WRITE_STATEMENT = re.compile(
    r"\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.IGNORECASE
)


def install(engine: Engine, watched: bool = True) -> None:
    """Create the counters (once, whichever process comes first) and watch the engine's writes
    (unless `watched` says it is watched already: a schema's engine shares its base's events)."""
    _metadata.create_all(engine)
    with engine.begin() as conn:
        known = set(conn.execute(select(generations.c.name)).scalars())
        missing = [{"name": name, "value": 0} for name in WATCHED.values() if name not in known]
        if missing:
            # Another process may create the same rows at the same time; either insert will do.
            statement = insert(generations).prefix_with("OR IGNORE", dialect="sqlite")
            if engine.dialect.name == "postgresql":
                from sqlalchemy.dialects.postgresql import insert as pg_insert

                statement = pg_insert(generations).on_conflict_do_nothing()
            conn.execute(statement, missing)
    if watched:
        watch(engine)


def watch(engine: Engine) -> None:
    """Bump the counters on every write through `engine` (whose counters exist already)."""
    event.listen(engine, "before_cursor_execute", _bump_on_write)


# Asked on every read of a derived model, on the driver's cursor: SQLAlchemy's statement
# machinery took longer than the query.
_CURRENT = Read(select(generations.c.value).where(generations.c.name == bindparam("name")))


# The same question on an SQLite driver connection, with the name as its one parameter.
CURRENT_SQL = "SELECT value FROM vidmock_generations WHERE name = ?"


def current(conn: Connection, name: str) -> int:
    """The generation `name` has in `conn`'s transaction."""
    return _CURRENT.rows(conn, name=name)[0]["value"]


def _bump_on_write(_conn, cursor, statement: str, _parameters, _context, _executemany) -> None:
    written = WRITE_STATEMENT.match(statement)
    if written is None:
        return
    table = written.group(1).lower()
    for prefix, name in WATCHED.items():
        if table.startswith(prefix):
            cursor.execute(f"UPDATE vidmock_generations SET value = value + 1 WHERE name = '{name}'")
            return
