"""The stateful store: SQLAlchemy Core over SQLite (in memory or a file) or PostgreSQL.

Every vendor declares its tables on the one `metadata` below; a request runs in one
transaction (`Store.begin()`), so a failed write leaves nothing behind.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import JSON, Connection, Engine, MetaData, Table, create_engine, event, func, select
from sqlalchemy.pool import StaticPool

from vidmock import generations

T = TypeVar("T")

metadata = MetaData()

MEMORY_URL = "sqlite://"


class Store:
    def __init__(self, url: str = MEMORY_URL) -> None:
        self.url = url
        self.engine = _engine(url)
        metadata.create_all(self.engine)
        generations.install(self.engine)
        # Read models derived from the store: name -> (generation, model). See `derived`.
        self._derived: dict[str, tuple[int, Any]] = {}

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with self.engine.begin() as conn:
            yield conn

    def derived(self, conn: Connection, name: str, build: Callable[[Connection], T]) -> T:
        """The read model `name` for the tables of generation `name`, built by `build(conn)`
        when the generation in `conn`'s transaction differs from the one it was built at."""
        generation = generations.current(conn, name)
        known = self._derived.get(name)
        if known is not None and known[0] == generation:
            return known[1]
        model = build(conn)
        self._derived[name] = (generation, model)
        return model

    def is_empty(self) -> bool:
        with self.engine.connect() as conn:
            return all(count_rows(conn, table) == 0 for table in metadata.sorted_tables)

    def clear(self, conn: Connection) -> None:
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())

    @contextmanager
    def indexes_deferred(self, conn: Connection) -> Iterator[None]:
        """Drop the secondary indexes for a bulk load and build them again after it: building an
        index once over sorted keys is several times cheaper than growing it row by row."""
        indexes = [index for table in metadata.sorted_tables for index in table.indexes]
        for index in indexes:
            index.drop(conn, checkfirst=True)
        yield
        for index in indexes:
            index.create(conn, checkfirst=True)

    def dispose(self) -> None:
        self.engine.dispose()


def bulk_insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows at once, through the driver's executemany where its parameter style is
    known: seeding a million rows through SQLAlchemy's per-row parameter processing would take
    several times longer. JSON values are serialised once per distinct object."""
    if not rows:
        return
    marker = {"qmark": "?", "format": "%s", "pyformat": "%s"}.get(conn.dialect.paramstyle)
    if marker is None:
        conn.execute(table.insert(), rows)
        return
    columns = [c.name for c in table.columns if c.name in rows[0]]
    json_positions = [i for i, c in enumerate(columns) if isinstance(table.c[c].type, JSON)]
    encoded: dict[int, str] = {}

    def encode(raw: Any) -> Any:
        if raw is None:
            return None
        key = id(raw)
        if key not in encoded:
            encoded[key] = json.dumps(raw)
        return encoded[key]

    pick = itemgetter(*columns)
    values = [pick(row) for row in rows] if len(columns) > 1 else [(pick(row),) for row in rows]
    if json_positions:
        values = [tuple(encode(v) if i in json_positions else v for i, v in enumerate(t)) for t in values]
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join(marker for _ in columns)})"
    conn.exec_driver_sql(sql, values)


def count_rows(conn: Connection, table: Table) -> int:
    return conn.execute(select(func.count()).select_from(table)).scalar_one()


def _engine(url: str) -> Engine:
    if url in (MEMORY_URL, "sqlite:///:memory:"):
        # One shared connection: an in-memory database lives and dies with its connection.
        engine = create_engine(MEMORY_URL, poolclass=StaticPool, connect_args={"check_same_thread": False})
    elif url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        # WAL lets several server processes read while one writes the same file.
        event.listen(engine, "connect", _sqlite_wal)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


def _sqlite_wal(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
