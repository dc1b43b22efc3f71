"""The journal of a mock served by several workers: entries in a store table, so a reader sees
the requests every worker answered, under ids that count up across all of them.

Bounded as the in-memory journal is (vidmock.journal.store): a reader sees at most the newest
`size` entries, and the oldest go once headers and bodies weigh more than `memory` bytes (the
newest entry always stays). Recording costs one INSERT per request; the table is trimmed to
those bounds every `TRIM_EVERY` entries, so it may briefly hold that many more rows than a
reader is shown, and exceed `memory` by what they weigh. Each entry also names the `worker`
(its process id) that answered it."""

from __future__ import annotations

import os
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

from vidmock.journal.bodies import settled
from vidmock.journal.query import JournalQuery
from vidmock.journal.store import ENTRY_OVERHEAD
from vidmock.store import Store, state_metadata

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
    sqlite_autoincrement=True,
)


class StoredJournal:
    """Same operations as `vidmock.journal.store.Journal`, over the store."""

    # Recording may wait for the store's write lock (vidmock.journal.capture records off the loop).
    writes_to_store = True

    def __init__(self, store: Store, size: int, memory: int = 64 * 2**20) -> None:
        self._store = store
        self._size = size
        self._memory = memory
        self._worker = os.getpid()

    def record(
        self, entry: dict[str, Any], raw_body: str | bytes | None = None, cost: int = 0
    ) -> dict[str, Any]:
        """Stores `entry` under the next id (its first key) and answers it."""
        entry = {**settled(entry), "worker": self._worker}
        text = raw_body if isinstance(raw_body, str) else None
        data = raw_body if isinstance(raw_body, bytes) else None
        with self._store.begin() as conn:
            row = {"entry": entry, "raw_text": text, "raw_bytes": data, "cost": cost + ENTRY_OVERHEAD}
            new_id = conn.execute(insert(journal).values(**row)).inserted_primary_key[0]
            if new_id % TRIM_EVERY == 0:
                conn.execute(delete(journal).where(journal.c.id <= new_id - self._size))
                self._trim_memory(conn, new_id)
        return {"id": new_id, **entry}

    def entries(self, query: JournalQuery | None = None, /, **filters: Any) -> list[dict[str, Any]]:
        """Newest first. Either a `JournalQuery` or its filters as keywords (`JournalQuery.of`)."""
        query = query or JournalQuery.of(**filters)
        found = [entry for entry, raw in self._all() if query.matches(entry, raw)]
        if query.limit is not None:
            found = found[: query.limit] if query.since is not None else found[-query.limit :]
        return found[::-1]

    def count(self, query: JournalQuery | None = None, /, **filters: Any) -> int:
        query = query or JournalQuery.of(**filters)
        return sum(1 for entry, raw in self._all() if query.matches(entry, raw))

    def clear(self) -> int:
        """Empties the journal; answers how many entries went."""
        with self._store.begin() as conn:
            return conn.execute(delete(journal)).rowcount

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
            kept.append(({"id": r["id"], **r["entry"]}, raw))
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
