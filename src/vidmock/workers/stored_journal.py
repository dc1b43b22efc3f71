"""The journal of a mock served by several workers: entries in a store table, so a reader sees
the requests every worker answered, under ids that count up across all of them.

Bounded as the in-memory journal is (vidmock.journal.store): a reader sees at most the newest
`size` entries, and the oldest go once headers and bodies weigh more than `memory` bytes (the
newest entry always stays). The entries a worker records at the same moment are inserted in
one transaction (vidmock.workers.group_commit). The table is trimmed to those bounds whenever
an id that is a multiple of `TRIM_EVERY` is handed out, so it may briefly hold that many more
rows than a reader is shown, and exceed `memory` by what they weigh. Each entry also names the
`worker` (its process id) that answered it."""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Integer,
    LargeBinary,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
)

from vidmock.journal.bodies import PendingBody
from vidmock.journal.query import JournalQuery
from vidmock.journal.redaction import Redactor
from vidmock.journal.store import ENTRY_OVERHEAD, Draft, as_read
from vidmock.storage.store import Store, state_metadata
from vidmock.workers.group_commit import GroupCommit

# Rows are trimmed to the bounds when an entry's id is a multiple of this.
TRIM_EVERY = 32

journal = Table(
    "vidmock_journal",
    state_metadata,
    # AUTOINCREMENT on SQLite: an id is never handed out twice, even after a clear.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entry", JSON, nullable=False),
    Column("raw_text", Text),
    Column("raw_bytes", LargeBinary),
    Column("cost", Integer, nullable=False),
    # An answer's body as its first bytes (deflated), length and Content-Type, put in its
    # journal form (parsed, redacted) only when read: `DeflatedBody`. NULL when the entry holds it.
    Column("answer", LargeBinary),
    Column("answer_size", Integer),
    Column("answer_type", Text),
    sqlite_autoincrement=True,
)


@dataclass(frozen=True)
class DeflatedBody(PendingBody):
    """A pending answer body as its row keeps it: `data` deflated (zlib), inflated only when the
    entry is read (a JSON page is about an eighth of its size so)."""

    def shown(self) -> dict[str, Any] | None:
        return PendingBody(zlib.decompress(self.data), self.size, self.content_type, self.redactor).shown()


class StoredJournal:
    """Same operations as `vidmock.journal.store.Journal`, over the store."""

    # Recording may wait for the store's write lock (vidmock.journal.capture records off the loop).
    writes_to_store = True

    def __init__(self, store: Store, redactor: Redactor, size: int, memory: int = 64 * 2**20) -> None:
        self._store = store
        self._redactor = redactor
        self._size = size
        self._memory = memory
        self._worker = os.getpid()
        self._writes = GroupCommit(self._insert)

    def record(
        self, entry: dict[str, Any], raw_body: str | bytes | None = None, cost: int = 0
    ) -> dict[str, Any]:
        """Stores `entry` under the next id (its first key) and answers it."""
        entry = {**entry, "worker": self._worker}
        text = raw_body if isinstance(raw_body, str) else None
        data = raw_body if isinstance(raw_body, bytes) else None
        row = {"entry": entry, "raw_text": text, "raw_bytes": data, "cost": cost + ENTRY_OVERHEAD}
        answer = entry["response"]["body"]
        if isinstance(answer, PendingBody):
            # The answer's bytes in their own columns; in the entry, no body until read.
            row["entry"] = {**entry, "response": {**entry["response"], "body": None}}
            deflated = zlib.compress(answer.data, 1)
            row |= {"answer": deflated, "answer_size": answer.size, "answer_type": answer.content_type}
        return {"id": self._writes.submit(row), **entry}

    def record_draft(self, draft: Draft) -> None:
        """Stores the entry `draft` writes: at once, since other workers read it from the store."""
        self.record(*draft.build())

    def _insert(self, rows: list[dict[str, Any]]) -> list[int]:
        """The ids of `rows`, inserted in their order in one transaction."""
        with self._store.begin() as conn:
            inserted = insert(journal).returning(journal.c.id, sort_by_parameter_order=True)
            ids = list(conn.execute(inserted, rows).scalars())
            if any(new_id % TRIM_EVERY == 0 for new_id in ids):
                newest = ids[-1]
                conn.execute(delete(journal).where(journal.c.id <= newest - self._size))
                self._trim_memory(conn, newest)
        return ids

    def entries(self, query: JournalQuery | None = None, /, **filters: Any) -> list[dict[str, Any]]:
        """Newest first. Either a `JournalQuery` or its filters as keywords (`JournalQuery.of`)."""
        query = query or JournalQuery.of(**filters)
        return as_read([entry for entry, raw in self._all() if query.matches(entry, raw)], query)

    def count(self, query: JournalQuery | None = None, /, **filters: Any) -> int:
        query = query or JournalQuery.of(**filters)
        return sum(1 for entry, raw in self._all() if query.matches(entry, raw))

    def clear(self) -> int:
        """Empties the journal; answers how many entries went."""
        with self._store.begin() as conn:
            return conn.execute(delete(journal)).rowcount

    def start_afresh(self) -> None:
        """An empty journal under ids from 1, its table made anew: one a store file kept from an
        earlier vidmock gets this one's columns. Only while no worker serves from the store."""
        with self._store.begin() as conn:
            journal.drop(conn, checkfirst=True)
            journal.create(conn)

    def _all(self) -> list[tuple[dict[str, Any], str | bytes | None]]:
        """The newest `size` entries within the memory budget, oldest first, each with its raw
        request body (rows past the bounds may wait for the next trim)."""
        with self._store.read() as conn:
            newest = select(journal).order_by(journal.c.id.desc()).limit(self._size)
            rows = conn.execute(newest).mappings().all()
        kept, weight = [], 0
        for r in rows:
            weight += r["cost"]
            if kept and weight > self._memory:
                break
            raw = r["raw_text"] if r["raw_text"] is not None else r["raw_bytes"]
            entry = {"id": r["id"], **r["entry"]}
            if r["answer_size"] is not None:
                answer = DeflatedBody(r["answer"], r["answer_size"], r["answer_type"], self._redactor)
                entry["response"] = {**entry["response"], "body": answer}
            kept.append((entry, raw))
        return kept[::-1]

    def _trim_memory(self, conn, newest: int) -> None:
        total = conn.execute(select(func.coalesce(func.sum(journal.c.cost), 0))).scalar_one()
        if total <= self._memory:
            return
        # Walk from the newest down; everything past the budget goes (the newest always stays).
        kept = 0
        newest_first = select(journal.c.id, journal.c.cost).order_by(journal.c.id.desc())
        for entry_id, cost in conn.execute(newest_first):
            kept += cost
            if kept > self._memory and entry_id != newest:
                conn.execute(delete(journal).where(journal.c.id <= entry_id))
                return
