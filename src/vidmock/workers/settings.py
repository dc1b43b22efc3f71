"""Small JSON values the workers of one mock share (the clock, the fault rules, what the world
was seeded with), each under a key with a version that grows on every write, so a worker tells
with one cheap query whether anything changed since it last looked."""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

from sqlalchemy import JSON, Column, Connection, Integer, String, Table, insert, select, update

from vidmock.storage.store import Store, state_metadata

settings = Table(
    "vidmock_settings",
    state_metadata,
    Column("key", String(40), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("value", JSON, nullable=False),
)

VERSIONS_SQL = f"SELECT key, version FROM {settings.name}"


class Settings:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._polling_lock = threading.Lock()
        # A tenant's schema (vidmock.tenants.locations) is read through the pool, whose
        # transactions set its search_path: a connection held per tenant would run PostgreSQL
        # out of connections.
        self._polling: Any = None
        if store.schema is not None:
            return
        # `versions` runs on every request: through a connection of its own, in autocommit,
        # straight to the driver (SQLAlchemy's pool and statement handling cost ten times more).
        self._polling = store.engine.raw_connection()
        driver = self._polling.driver_connection
        if hasattr(driver, "autocommit") and not isinstance(driver, sqlite3.Connection):
            driver.autocommit = True

    def versions(self) -> dict[str, int]:
        """`{key: version}` of every value stored; one query, no write lock."""
        if self._polling is None:
            with self.store.read() as conn:
                return {key: version for key, version in conn.exec_driver_sql(VERSIONS_SQL).all()}
        with self._polling_lock:
            cursor = self._polling.cursor()
            try:
                cursor.execute(VERSIONS_SQL)
                rows = cursor.fetchall()
            finally:
                cursor.close()
        return {key: version for key, version in rows}

    def close(self) -> None:
        if self._polling is not None:
            self._polling.close()

    def get(self, conn: Connection, key: str) -> tuple[int, Any] | None:
        """(version, value) of `key`, None when nothing is stored under it."""
        row = conn.execute(select(settings.c.version, settings.c.value).where(settings.c.key == key)).first()
        return None if row is None else (row.version, row.value)

    def put(self, conn: Connection, key: str, value: Any) -> int:
        """Store `value` under `key`; answers its new version. Call inside `Store.begin()`."""
        found = self.get(conn, key)
        if found is None:
            conn.execute(insert(settings).values(key=key, version=1, value=value))
            return 1
        version = found[0] + 1
        conn.execute(update(settings).where(settings.c.key == key).values(version=version, value=value))
        return version
