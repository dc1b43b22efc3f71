"""Reads run on the driver's cursor (`vidmock.storage.rows.Read`) give the rows SQLAlchemy gives:
the same names, the same converted values (booleans, JSON, floats, nulls), the statement's own
literals bound, on SQLite and on PostgreSQL, the first run and every later one."""

from __future__ import annotations

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    create_engine,
    insert,
    select,
)

from vidmock.storage.rows import Read, as_dicts

pytestmark = pytest.mark.also_on_postgresql

metadata = MetaData()
items = Table(
    "read_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("owner", String(20)),
    Column("kind", String(20)),
    Column("done", Boolean),
    Column("tags", JSON),
    Column("score", Float),
)
labels = Table("read_labels", metadata, Column("item_id", Integer), Column("id", String(10)))

ROWS = [
    {"id": 1, "owner": "ann", "kind": "watch", "done": True, "tags": ["a", "b"], "score": 1.5},
    {"id": 2, "owner": "ann", "kind": "skip", "done": False, "tags": {"k": [1, None]}, "score": None},
    {"id": 3, "owner": "ann", "kind": "watch", "done": None, "tags": None, "score": 0.0},
    {"id": 4, "owner": "bob", "kind": "watch", "done": False, "tags": [], "score": -2.25},
]
OWNED = select(items).where(items.c.owner == bindparam("owner"), items.c.kind == "watch").order_by(items.c.id)


@pytest.fixture
def engine(db_url):
    built = create_engine(db_url)
    metadata.create_all(built)
    with built.begin() as conn:
        conn.execute(insert(items), ROWS)
        conn.execute(insert(labels), [{"item_id": 1, "id": "x"}, {"item_id": 3, "id": "y"}])
    yield built
    metadata.drop_all(built)
    built.dispose()


def test_rows_are_those_sqlalchemy_gives_on_every_run(engine):
    read = Read(OWNED)
    with engine.connect() as conn:
        expected = as_dicts(conn.execute(OWNED, {"owner": "ann"}))
        runs = [read.rows(conn, owner="ann") for _ in range(3)]
    assert expected == [
        {"id": 1, "owner": "ann", "kind": "watch", "done": True, "tags": ["a", "b"], "score": 1.5},
        {"id": 3, "owner": "ann", "kind": "watch", "done": None, "tags": None, "score": 0.0},
    ]
    assert runs == [expected] * 3
    assert [type(row["done"]) for row in runs[-1]] == [bool, type(None)]


def test_a_join_keeps_sqlalchemy_s_names_for_columns_of_the_same_name(engine):
    joined = Read(
        select(items.c.id, labels.c.id)
        .select_from(items.join(labels, labels.c.item_id == items.c.id))
        .where(items.c.owner == bindparam("owner"))
        .order_by(items.c.id)
    )
    with engine.connect() as conn:
        expected = as_dicts(conn.execute(joined.statement, {"owner": "ann"}))
        assert [joined.rows(conn, owner="ann") for _ in range(2)] == [expected] * 2
    assert [sorted(row) for row in expected] == [["id", "id_1"]] * 2


def test_first_is_the_row_or_none(engine):
    one = Read(select(items).where(items.c.id == bindparam("id")))
    with engine.connect() as conn:
        assert one.first(conn, id=2)["tags"] == {"k": [1, None]}
        assert one.first(conn, id=4)["score"] == -2.25
        assert one.first(conn, id=9) is None


def test_an_expanding_parameter_is_refused_by_name():
    read = Read(select(items).where(items.c.id.in_(bindparam("ids", expanding=True))))
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    with engine.connect() as conn, pytest.raises(ValueError, match="expanding IN"):
        read.rows(conn, ids=[1])
