"""The journal itself: the last requests, bounded in count and in memory, read back through a
`JournalQuery`."""

from __future__ import annotations

import itertools
import threading
from collections import deque
from typing import Any, Protocol

from vidmock.journal.bodies import settled
from vidmock.journal.query import JournalQuery

# What an entry's fixed fields (times, names, numbers) weigh beside its headers and bodies.
ENTRY_OVERHEAD = 512


class Draft(Protocol):
    """An entry not yet written out: what the journal keeps of a request until it is read."""

    # Roughly what the entry will weigh (headers and bodies, in bytes), known without writing it.
    estimate: int

    def build(self) -> tuple[dict[str, Any], str | bytes | None, int]:
        """The entry (without its id), the redacted request body for searches, and its cost."""


class Recorded:
    """An entry as the journal holds it: written out the first time it is read. Most entries
    never are; writing one out (headers decoded and redacted, bodies classified) is a good part
    of a small request's cost, so it is not paid on the way out."""

    __slots__ = ("_draft", "_entry", "_raw_body", "cost", "id")

    def __init__(self, entry_id: int, draft: Draft) -> None:
        self.id = entry_id
        self.cost = draft.estimate + ENTRY_OVERHEAD
        self._draft: Draft | None = draft
        self._entry: dict[str, Any] = {}
        self._raw_body: str | bytes | None = None

    @property
    def entry(self) -> dict[str, Any]:
        self._written()
        return self._entry

    @property
    def raw_body(self) -> str | bytes | None:
        """The request body as sent (redacted), for substring searches; not part of the entry."""
        self._written()
        return self._raw_body

    def _written(self) -> None:
        if self._draft is not None:
            entry, self._raw_body, _cost = self._draft.build()
            self._entry = {"id": self.id, **entry}
            self._draft = None


def as_read(found: list[dict[str, Any]], query: JournalQuery) -> list[dict[str, Any]]:
    """The entries `query` matched (oldest first) as a reader gets them: newest first, at most
    `query.limit` of them, each answer body in its journal form (`bodies.settled`)."""
    if query.limit is not None:
        # After `since`, the entries right after it, so a reader can page forward.
        found = found[: query.limit] if query.since is not None else found[-query.limit :]
    return [settled(entry) for entry in reversed(found)]


class Journal:
    """Entries newest first. The oldest entries go once there are more than `size` of them, or
    once their bodies and headers weigh more than `memory` bytes (the newest entry always stays).
    Ids keep counting across `clear()`, so `since` stays meaningful. Thread-safe: a served mock
    records from the server's thread while the test reads from its own. An answer's body may be
    recorded pending (`bodies.PendingBody`): it is put in its journal form when read."""

    # Recording takes no lock another process holds (see `workers.stored_journal`).
    writes_to_store = False

    def __init__(self, size: int, memory: int = 64 * 2**20) -> None:
        self._entries: deque[Recorded] = deque()
        self._size = size
        self._memory = memory
        self._weight = 0
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def record(
        self, entry: dict[str, Any], raw_body: str | bytes | None = None, cost: int = 0
    ) -> dict[str, Any]:
        """Stores `entry` under the next id (its first key) and answers it."""
        return self._keep(_Written(entry, raw_body, cost)).entry

    def record_draft(self, draft: Draft) -> None:
        """Stores the entry `draft` will write, under the next id, writing it when first read."""
        self._keep(draft)

    def _keep(self, draft: Draft) -> Recorded:
        with self._lock:
            recorded = Recorded(next(self._ids), draft)
            self._entries.append(recorded)
            self._weight += recorded.cost
            while len(self._entries) > 1 and (len(self._entries) > self._size or self._weight > self._memory):
                self._weight -= self._entries.popleft().cost
        return recorded

    def entries(self, query: JournalQuery | None = None, /, **filters: Any) -> list[dict[str, Any]]:
        """Newest first. Either a `JournalQuery` or its filters as keywords (`JournalQuery.of`)."""
        query = query or JournalQuery.of(**filters)
        with self._lock:
            found = [r.entry for r in self._entries if query.matches(r.entry, r.raw_body)]
        return as_read(found, query)

    def count(self, query: JournalQuery | None = None, /, **filters: Any) -> int:
        query = query or JournalQuery.of(**filters)
        with self._lock:
            return sum(1 for r in self._entries if query.matches(r.entry, r.raw_body))

    def clear(self) -> int:
        """Empties the journal; answers how many entries went."""
        with self._lock:
            cleared = len(self._entries)
            self._entries.clear()
            self._weight = 0
        return cleared


class _Written:
    """A draft whose entry is written already."""

    def __init__(self, entry: dict[str, Any], raw_body: str | bytes | None, cost: int) -> None:
        self.estimate = cost
        self._built = (entry, raw_body, cost)

    def build(self) -> tuple[dict[str, Any], str | bytes | None, int]:
        return self._built
