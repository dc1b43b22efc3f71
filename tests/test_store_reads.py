"""`Store.read()` on an in-memory store keeps one connection a thread between reads; what a read
sees, nested or in another thread, after a write or a failed read, is what a fresh connection
would see."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event

from vidmock.storage import generations
from vidmock.storage.store import Store

NAME = "ibm-analytics"


@pytest.fixture(params=["memory", "file"])
def store(request, tmp_path):
    made = Store() if request.param == "memory" else Store(f"sqlite:///{tmp_path / 'store.db'}")
    yield made
    made.dispose()


def bump(store: Store) -> None:
    with store.begin() as conn:
        conn.exec_driver_sql(f"UPDATE vidmock_generations SET value = value + 1 WHERE name = '{NAME}'")


def generation(store: Store) -> int:
    with store.read() as conn:
        return generations.current(conn, NAME)


def test_a_read_sees_the_last_write_in_this_thread_and_another(store):
    assert generation(store) == 0
    bump(store)
    assert generation(store) == 1
    seen: list[int] = []
    reader = threading.Thread(target=lambda: seen.append(generation(store)))
    reader.start()
    reader.join()
    bump(store)
    assert seen == [1] and generation(store) == 2


def test_a_read_within_a_read_has_a_transaction_of_its_own(store):
    with store.read() as outer:
        with store.read() as inner:
            assert inner is not outer
            assert generations.current(inner, NAME) == 0
        assert generations.current(outer, NAME) == 0  # still in its transaction
    bump(store)
    assert generation(store) == 1


def test_a_read_that_failed_leaves_the_next_one_working(store):
    with pytest.raises(RuntimeError), store.read() as conn:
        generations.current(conn, NAME)
        raise RuntimeError("the handler failed")
    bump(store)
    assert generation(store) == 1


def test_an_in_memory_store_reads_without_checking_a_connection_out_each_time(store):
    checkouts: list[object] = []
    event.listen(store.engine, "checkout", lambda *args: checkouts.append(args))
    for _ in range(3):
        generation(store)
    # A file's pool hands out a connection a read; an in-memory store keeps its reader.
    assert len(checkouts) == (1 if store.in_memory else 3)
