"""The stateful store: SQLAlchemy Core over SQLite (in memory or a file) or PostgreSQL.

Every vendor declares its tables on the one `metadata` below; a request runs in one
transaction (`Store.begin()`), so a failed write leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, MetaData, Table, create_engine, event, func, select
from sqlalchemy.pool import StaticPool

metadata = MetaData()

MEMORY_URL = "sqlite://"


class Store:
    def __init__(self, url: str = MEMORY_URL) -> None:
        self.url = url
        self.engine = _engine(url)
        metadata.create_all(self.engine)

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with self.engine.begin() as conn:
            yield conn

    def is_empty(self) -> bool:
        with self.engine.connect() as conn:
            return all(count_rows(conn, table) == 0 for table in metadata.sorted_tables)

    def clear(self, conn: Connection) -> None:
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())

    def dispose(self) -> None:
        self.engine.dispose()


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
