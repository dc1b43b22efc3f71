"""Where a tenant's world lives when several processes serve the mock (`--workers N` over a
SQLite file, or replicas over one PostgreSQL database): a SQLite file of its own beside the
mock's (`<db>.tenants/<token>.db`), or a PostgreSQL schema of its own (`vidmock_tenant_<token>`).
Each making of a tenant gets a new location, so a process still holding an older one of the same
name can tell (vidmock.tenants.shared)."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import select

from vidmock.storage.copies import write_file
from vidmock.storage.store import Store, bulk_insert, metadata, resync_ids

SCHEMA_PREFIX = "vidmock_tenant_"


def is_postgresql(store: Store) -> bool:
    return store.engine.dialect.name == "postgresql"


def new_location(main: Store) -> str:
    """A location no tenant has had: a schema name, or a file path beside `main`'s file."""
    token = uuid.uuid4().hex[:16]
    if is_postgresql(main):
        return SCHEMA_PREFIX + token
    return str(_folder(main) / f"{token}.db")


def made(main: Store, location: str, template: Store) -> Store:
    """The store at the new `location`, holding a copy of the in-memory `template`'s rows."""
    if is_postgresql(main):
        store = Store.in_schema(main, location)
        with template.engine.connect() as source, store.begin() as target:
            for table in metadata.sorted_tables:
                rows = [dict(row._mapping) for row in source.execute(select(table))]
                bulk_insert(target, table, rows)
            resync_ids(target)
        return store
    Path(location).parent.mkdir(parents=True, exist_ok=True)
    write_file(template, location)
    return opened(main, location)


def opened(main: Store, location: str) -> Store:
    """The store at `location`, made earlier (by this process or another)."""
    if is_postgresql(main):
        return Store.in_schema(main, location, create=False)
    return Store(f"sqlite:///{location}")


def drop(main: Store, location: str) -> None:
    """Free `location`: a process still reading it keeps what it has open (a file) or waits
    for the schema's locks."""
    if is_postgresql(main):
        with main.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{location}" CASCADE')
        return
    for suffix in ("", "-wal", "-shm"):
        Path(location + suffix).unlink(missing_ok=True)


def _folder(main: Store) -> Path:
    database = main.engine.url.database
    if not database or database == ":memory:":
        raise ValueError("tenants shared between processes need a store in a file or PostgreSQL")
    return Path(database + ".tenants")
