"""What the store does differently on PostgreSQL, so that both backends give the same answers.

- An integer column holds 64 bits, as every SQLite INTEGER does: `widen_integers` makes each
  `Integer` column BIGINT on PostgreSQL (and its parameters cast as BIGINT, its sequences
  BIGSERIAL), so an id or a filter value up to 2^63-1 is an answer, not a 500.
- Text sorts and compares byte by byte, as SQLite's BINARY collation does: every string column
  is created `COLLATE "C"`, whatever the database's default collation (ICU or glibc locales
  sort `B` before `a` or ignore punctuation). `lower()` on such a column lowers ASCII only,
  as SQLite's does.
- Replicas started together over one database must seed it once: `held_lock` serialises
  their start-up.
- A column SQLite numbers itself (INTEGER PRIMARY KEY) is a sequence on PostgreSQL, which rows
  written with their ids (a seeded world, a scenario, an imported snapshot) do not advance:
  `resync_id_sequences` moves each past the largest id stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import BigInteger, Connection, Integer, String, Table, func, select, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import CreateColumn

BYTE_ORDER = "C"
_widened: set[Table] = set()


def widen_integers(tables: Iterable[Table]) -> None:
    """Every plain `Integer` column of `tables` becomes BIGINT on PostgreSQL (and stays INTEGER,
    64 bits already, on SQLite). Done to the shared table objects once, before any DDL."""
    for table in tables:
        if table in _widened:
            continue
        _widened.add(table)
        for column in table.columns:
            if type(column.type) is Integer:
                column.type = Integer().with_variant(BigInteger(), "postgresql")


@compiles(CreateColumn, "postgresql")
def _text_in_byte_order(create: CreateColumn, compiler, **kw) -> str:
    spec = compiler.visit_create_column(create, **kw)
    column = create.element
    if not isinstance(column.type, String) or column.type.collation is not None:
        return spec
    # The specification starts `<name> <type>`; the collation belongs right after the type.
    kind = compiler.dialect.type_compiler_instance.process(
        column.type, type_expression=column, identifier_preparer=compiler.preparer
    )
    head = f"{compiler.preparer.format_column(column)} {kind}"
    if not spec.startswith(head):  # pragma: no cover - SQLAlchemy changed its column DDL
        raise RuntimeError(f"unexpected DDL for column {column.table.name}.{column.name}: {spec}")
    return f'{head} COLLATE "{BYTE_ORDER}"{spec[len(head) :]}'


def resync_id_sequences(conn: Connection, tables: Iterable[Table]) -> None:
    """After rows were written with explicit ids: the next id each sequence hands out is one
    past the largest stored (1 in an empty table). Nothing to do on SQLite."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        column = table.autoincrement_column
        if column is None:
            continue
        largest = conn.execute(select(func.max(column))).scalar_one()
        conn.execute(
            text("SELECT setval(pg_get_serial_sequence(:table, :column), :next, false)"),
            {"table": table.name, "column": column.name, "next": (largest or 0) + 1},
        )


@contextmanager
def held_lock(conn: Connection, key: int) -> Iterator[None]:
    """PostgreSQL's session advisory lock `key` (a 64-bit integer), held on `conn` (a connection
    kept for it, whose transactions take no other lock) until the block ends; other processes
    asking for the same key wait meanwhile."""
    conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
    conn.commit()
    try:
        yield
    finally:
        conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
        conn.commit()
