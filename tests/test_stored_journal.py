"""The journal that several workers share in the store: entries recorded by many threads at
once all land, each under the id it was answered with, with its answer body intact."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from vidmock.journal.bodies import PendingBody
from vidmock.journal.redaction import Redactor
from vidmock.storage.store import Store
from vidmock.workers.stored_journal import StoredJournal
from vidmock.workers.stored_journal import journal as journal_table

REDACTOR = Redactor(["authorization"])


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def store(request, tmp_path):
    if request.param == "sqlite":
        url, server = f"sqlite:///{tmp_path / 'shared.db'}", None
    else:
        server = request.getfixturevalue("postgres_server")
        url = server.database()
    store = Store(url)
    yield store
    store.dispose()
    if server is not None:
        server.drop(url)


def entry(path: str, answer: bytes) -> dict:
    request = {"headers": {"authorization": "sha256:00000000"}, "body": None}
    response = {
        "headers": {"content-type": "application/json"},
        "body": PendingBody(answer, len(answer), "application/json", REDACTOR),
    }
    return {
        "at": "2026-11-24T12:00:00+00:00",
        "api": "ibm-analytics",
        "method": "GET",
        "path": path,
        "query": "",
        "status": 200,
        "duration_ms": 1.0,
        "operation_id": None,
        "fault": None,
        "request": request,
        "response": response,
    }


def answer_of(i: int) -> bytes:
    # A page-like answer of a few kilobytes, different for each request.
    return json.dumps({"data": [{"id": f"{i}-{n}", "value": i * n} for n in range(100)]}).encode()


def test_entries_recorded_by_40_threads_at_once_keep_their_ids_paths_and_bodies(store):
    journal = StoredJournal(store, REDACTOR, size=1000)
    gate = threading.Barrier(40, timeout=20)

    def record(i: int) -> int:
        gate.wait()
        return journal.record(entry(f"/views/{i}", answer_of(i)))["id"]

    with ThreadPoolExecutor(40) as pool:
        answered = list(pool.map(record, range(40)))
    assert sorted(answered) == list(range(1, 41))
    listed = journal.entries(limit=1000)
    assert len(listed) == 40
    by_path = {e["path"]: e for e in listed}
    for i, entry_id in enumerate(answered):
        kept = by_path[f"/views/{i}"]
        assert kept["id"] == entry_id
        assert kept["response"]["body"] == {
            "media_type": "application/json",
            "size": len(answer_of(i)),
            "truncated": False,
            "json": json.loads(answer_of(i)),
        }


def stored_rows(store: Store) -> int:
    with store.read() as conn:
        return conn.execute(select(func.count()).select_from(journal_table)).scalar_one()


def test_the_table_is_trimmed_to_the_newest_size_rows_when_an_id_reaches_a_multiple_of_32(store):
    journal = StoredJournal(store, REDACTOR, size=10)
    for i in range(63):
        journal.record(entry(f"/views/{i}", b"{}"))
    # Trimmed at id 32 to ids 23-32, then 33-63 added.
    assert stored_rows(store) == 10 + 31
    journal.record(entry("/views/63", b"{}"))
    assert stored_rows(store) == 10
    assert [e["id"] for e in journal.entries(limit=1000)] == list(range(64, 54, -1))
