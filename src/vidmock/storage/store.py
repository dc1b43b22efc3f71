"""The stateful store: SQLAlchemy Core over SQLite (in memory or a file) or PostgreSQL.

Every vendor declares its tables on the one `metadata` below; a request runs in one
transaction (`Store.begin()`), so a failed write leaves nothing behind. The tables of the
running mock itself (shared clock, journal, fault rules; see vidmock.workers) live on
`state_metadata`: never cleared by a seed, never exported.

Several processes may serve one store (`vidmock serve --workers N`), so a transaction that
may write takes the store's write lock when it begins, not at its first write: on a SQLite
file `BEGIN IMMEDIATE`, on PostgreSQL a transaction-level advisory lock. A read-modify-write
handler (a JTV play count, a Nomad beacon) then never works from a row another process is
changing. `Store.read()` opens a transaction that takes no lock, for read-only hot paths.
"""

from __future__ import annotations

import gc
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import JSON, Connection, Engine, Index, MetaData, Table, create_engine, event, func, select
from sqlalchemy.pool import StaticPool

from vidmock.storage import generations
from vidmock.storage.heap import return_free_memory

# Imported for its DDL rule too: string columns created on PostgreSQL sort as SQLite's do.
from vidmock.storage.postgresql import held_lock, resync_id_sequences, widen_integers

T = TypeVar("T")

metadata = MetaData()
state_metadata = MetaData()

MEMORY_URL = "sqlite://"
# The advisory lock key of a mock's start-up (any fixed 64-bit number; "vidmock" in ASCII).
STARTUP_LOCK = 0x7669646D6F636B
# A read transaction's connection, begun when first asked for (`Store.reading`).
LazyConnection = Callable[[], Connection]
# The key of PostgreSQL's advisory lock every writing transaction takes (any fixed number).
PG_WRITE_LOCK = 0x7669646D
# How long a writer waits for another process's write lock on a SQLite file, in seconds.
SQLITE_LOCK_WAIT_S = 30
# A Connection execution option: this transaction only reads, so it takes no write lock.
READ_ONLY = "vidmock_read_only"
# An Engine execution option on PostgreSQL: the schema whose tables the transaction sees (a
# tenant's: vidmock.tenants.locations), set as its search_path when it begins.
SCHEMA = "vidmock_schema"


class Store:
    def __init__(self, url: str = MEMORY_URL, engine: Engine | None = None) -> None:
        """The store at `url`, its tables created when missing; or, given `engine`, the store
        over a database that holds them already (a copy: vidmock.storage.copies)."""
        self.url = url
        # The PostgreSQL schema of a tenant's store (`in_schema`); None: the default one.
        self.schema: str | None = None
        # Read models derived from the store: name -> (generation, model). See `derived`.
        self._derived: dict[str, tuple[int, Any]] = {}
        if engine is not None:
            self.engine = engine
            generations.watch(engine)
        else:
            self.engine = _engine(driver_url(url))
            self._create()
        self._memory = _memory_connection(self.engine)
        self._readers = threading.local()

    @property
    def in_memory(self) -> bool:
        """Whether the store is an in-memory SQLite database, which only this process reaches
        (and `copies.memory_copy` can copy)."""
        return self._memory is not None

    @classmethod
    def in_schema(cls, base: Store, schema: str, create: bool = True) -> Store:
        """The store of PostgreSQL schema `schema` (made, with its tables, when `create`) over
        `base`'s connections: one pool serves every schema, each transaction setting its
        search_path. `base` must outlive it."""
        store = cls.__new__(cls)
        store.url = base.url
        store.schema = schema
        store._derived = {}
        store._memory = None
        store._readers = threading.local()
        store.engine = base.engine.execution_options(**{SCHEMA: schema})
        if create:
            with base.engine.begin() as conn:
                conn.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            store._create()
        return store

    def _create(self) -> None:
        widen_integers([*metadata.sorted_tables, *state_metadata.sorted_tables])
        with self.startup():
            metadata.create_all(self.engine)
            state_metadata.create_all(self.engine)
            generations.install(self.engine, watched=self.schema is None)

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """One transaction holding the store's write lock: committed when the block ends,
        rolled back if it raises. Other processes' writers wait for it (30 s at most on SQLite)."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def startup(self) -> Iterator[None]:
        """Held while a starting mock creates its tables, looks at the store and fills it: mocks
        starting together over one PostgreSQL database take turns, so the tables are created
        and the world seeded once. On SQLite it holds nothing."""
        if self.engine.dialect.name != "postgresql":
            yield
            return
        # Read-only: were its transactions to take the write lock, a replica waiting here
        # would hold it against the replica seeding.
        with self._unlocked_connection() as conn, held_lock(conn, STARTUP_LOCK):
            yield

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """One transaction that only reads: it takes no write lock, so readers in several
        processes run side by side. Writing through it may fail on a busy SQLite file."""
        kept = self._kept_reader()
        if kept is None or kept.in_transaction():
            with self._unlocked_connection() as conn, conn.begin():
                yield conn
            return
        with kept.begin():
            yield kept

    def _kept_reader(self) -> Connection | None:
        """An in-memory store's read connection for this thread, kept open between reads:
        checking a connection out of the pool and back took 17 of a read's 21 µs. Every
        connection of an in-memory store is its one driver connection, so a kept one sees
        what a fresh one would. None for a file or a server, whose pools hand out connections
        of their own."""
        if self._memory is None:
            return None
        kept = getattr(self._readers, "conn", None)
        if kept is None:
            kept = self._readers.conn = self._unlocked_connection()
        return kept

    @contextmanager
    def reading(self) -> Iterator[LazyConnection]:
        """`read` for a hot path that may need no row at all (an answer from a read model):
        `connection()` begins the read-only transaction on its first call, and the block ends
        it. A model asked again answers in a few µs; beginning and ending a transaction would
        add about 6 µs, and 21 µs on a file."""
        with ExitStack() as stack:
            opened: list[Connection] = []

            def connection() -> Connection:
                if not opened:
                    opened.append(stack.enter_context(self.read()))
                return opened[0]

            yield connection

    def _unlocked_connection(self) -> Connection:
        """A connection whose transactions take no write lock."""
        return self.engine.connect().execution_options(**{READ_ONLY: True})

    def derived(self, connection: LazyConnection, name: str, build: Callable[[Connection], T]) -> T:
        """The read model `name` for the tables of generation `name`, built by `build(conn)`
        when the generation `connection()`'s transaction sees differs from the one it was
        built at. An in-memory store is asked on its one driver connection, with no
        transaction begun: nothing but this process reaches its database, and every
        transaction of this process sees what that connection sees."""
        known = self._derived.get(name)
        if self._memory is not None and known is not None:
            found = self._memory.execute(generations.CURRENT_SQL, (name,)).fetchone()
            if found[0] == known[0]:
                return known[1]
        conn = connection()
        generation = generations.current(conn, name)
        if known is not None and known[0] == generation:
            return known[1]
        model = build(conn)
        self._derived[name] = (generation, model)
        return_free_memory()
        return model

    def forget_derived(self) -> None:
        """Drop every read model: for a database replaced whole (`world_files.load`),
        whose generation counters came with it and may equal the ones the models were built at."""
        self._derived.clear()

    def is_empty(self) -> bool:
        with self.engine.connect() as conn:
            return all(count_rows(conn, table) == 0 for table in metadata.sorted_tables)

    def clear(self, conn: Connection) -> None:
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())

    @contextmanager
    def indexes_deferred(self, conn: Connection) -> Iterator[None]:
        """Every secondary index dropped for a bulk load and built again after it."""
        with indexes_dropped(conn, [index for table in metadata.sorted_tables for index in table.indexes]):
            yield
        return_free_memory()  # what the load and the index sorts let go of

    def dispose(self) -> None:
        if self.schema is None:  # a schema's store shares its base's pool
            self.engine.dispose()


def bulk_insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows at once, through the driver's executemany where its parameter style is
    known: seeding a million rows through SQLAlchemy's per-row parameter processing would take
    several times longer. JSON values are serialised once per distinct object."""
    if not rows:
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
    _insert_tuples(conn, table, columns, values)


def insert_columns(conn: Connection, table: Table, columns: dict[str, Sequence[Any]]) -> None:
    """Insert rows given column by column (lists of equal length, JSON columns as their JSON
    text), as `bulk_insert` does: for seeders that draw whole columns at once."""
    with collector_paused():
        _insert_tuples(conn, table, list(columns), list(zip(*columns.values(), strict=True)))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector held off: a bulk read or write makes bursts of tuples
    (which hold no cycles) that would set it off again and again, for more time than the work."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _insert_tuples(conn: Connection, table: Table, columns: list[str], values: list[tuple]) -> None:
    """Rows as tuples in the order of `columns`; JSON columns as their JSON text."""
    if not values:
        return
    # The drivers vidmock runs on: sqlite3 (qmark) and psycopg 3 (pyformat).
    marker = {"qmark": "?", "format": "%s", "pyformat": "%s"}[conn.dialect.paramstyle]
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join(marker for _ in columns)})"
    conn.exec_driver_sql(sql, values)


def resync_ids(conn: Connection) -> None:
    """Call after writing rows with their own ids into tables whose ids the database hands out
    (seeding, scenarios, imports), so the next id handed out is free."""
    resync_id_sequences(conn, metadata.sorted_tables)


def count_rows(conn: Connection, table: Table) -> int:
    return conn.execute(select(func.count()).select_from(table)).scalar_one()


def driver_url(url: str) -> str:
    """`url` with its SQLAlchemy driver named: a bare `postgresql://` (or `postgres://`, as
    Heroku-style environments spell it) goes through psycopg 3, the driver vidmock installs;
    SQLAlchemy's own default for it would be psycopg2."""
    for bare in ("postgresql://", "postgres://"):
        if url.startswith(bare):
            return "postgresql+psycopg://" + url[len(bare) :]
    return url


def _memory_connection(engine: Engine) -> sqlite3.Connection | None:
    """The driver connection of an in-memory SQLite engine (its one connection, for its whole
    life); None for a file or a server."""
    if engine.dialect.name != "sqlite" or engine.url.database not in (None, "", ":memory:"):
        return None
    with engine.connect() as conn:
        return conn.connection.driver_connection


def _engine(url: str) -> Engine:
    if url in (MEMORY_URL, "sqlite:///:memory:"):
        # One shared connection: an in-memory database lives and dies with its connection.
        engine = create_engine(MEMORY_URL, poolclass=StaticPool, connect_args={"check_same_thread": False})
    elif url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": SQLITE_LOCK_WAIT_S})
        # WAL lets several server processes read while one writes the same file.
        event.listen(engine, "connect", _sqlite_wal)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        engine = create_engine(url, pool_pre_ping=True)
        if engine.dialect.name == "postgresql":
            event.listen(engine, "begin", _postgresql_begin)
    return engine


def _sqlite_begin(conn: Connection) -> None:
    # A deferred transaction that reads and then writes fails at once (SQLITE_BUSY, no wait)
    # when another process wrote in between; an immediate one waits for the lock instead.
    if conn.get_execution_options().get(READ_ONLY, False):
        conn.exec_driver_sql("BEGIN")
        return
    # SQLite's own busy handler sleeps in steps that grow to 100 ms, far longer than a writer
    # holds the lock here (well under a millisecond): try again after 50 us, doubling up to
    # 1 ms. A failed try costs a few microseconds; with longer steps two workers writing at
    # once (a JTV PUT, then its journal entry) lost about a seventh of their rate to waiting.
    cursor = conn.connection.dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout = 0")
    try:
        deadline = time.monotonic() + SQLITE_LOCK_WAIT_S
        pause = 0.00005
        while True:
            try:
                cursor.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if ("locked" not in str(exc) and "busy" not in str(exc)) or time.monotonic() > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 0.001)
    finally:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_LOCK_WAIT_S * 1000}")
        cursor.close()


def _postgresql_begin(conn: Connection) -> None:
    options = conn.get_execution_options()
    if options.get(SCHEMA):
        conn.exec_driver_sql(f'SET LOCAL search_path TO "{options[SCHEMA]}"')
    # READ COMMITTED lets two transactions read the same row and both write it back; one
    # lock for all writers keeps read-modify-write handlers exact, as on SQLite.
    if not options.get(READ_ONLY, False):
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")


def _sqlite_wal(dbapi_connection, _record) -> None:
    # The driver's own transaction handling off: `_sqlite_begin` says how each one begins.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@contextmanager
def indexes_dropped(conn: Connection, indexes: Sequence[Index], checkfirst: bool = True) -> Iterator[None]:
    """`indexes` dropped while the block writes in bulk, and built again after it: building an
    index once over sorted keys is several times cheaper than keeping it up row by row.
    `checkfirst=False` for indexes known to exist skips a catalogue query for each."""
    for index in indexes:
        index.drop(conn, checkfirst=checkfirst)
    yield
    for index in indexes:
        index.create(conn, checkfirst=checkfirst)
