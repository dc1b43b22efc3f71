"""The clock of a mock served by several workers: one `Clock` whose frozen instant and offset
live in the store, so a clock set through one worker is the clock of every worker.

Reads stay in memory: each worker takes on the stored state when a request begins
(`vidmock.workers.state`), so `now()` costs what it costs on a single worker. A change is made
in one locked transaction over the stored state, never over a stale copy. The offset is kept
against the wall clock, which all workers on one machine share."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from vidmock.clock import Clock
from vidmock.workers.settings import Settings

KEY = "clock"


class StoredClock(Clock):
    key = KEY

    def __init__(self, settings: Settings, frozen_at: datetime | None = None) -> None:
        super().__init__(frozen_at)
        self._settings = settings
        self.version = 0

    def publish(self) -> None:
        """Store this clock as it stands (a fresh start: `--now`, or the wall clock)."""
        with self._settings.store.begin() as conn:
            self.version = self._settings.put(conn, KEY, self._state())

    def load(self, value: Any) -> None:
        """Take on a stored state: `{frozen_at: ISO 8601 or null, offset_us: int}`."""
        with self._lock:
            frozen = value["frozen_at"]
            self._frozen_at = None if frozen is None else datetime.fromisoformat(frozen)
            self._offset = timedelta(microseconds=value["offset_us"])

    def freeze(self, at: datetime | None = None) -> None:
        self._change(lambda: Clock.freeze(self, at))

    def unfreeze(self) -> None:
        self._change(lambda: Clock.unfreeze(self))

    def advance(self, delta: timedelta) -> None:
        self._change(lambda: Clock.advance(self, delta))

    def _change(self, change: Callable[[], None]) -> None:
        try:
            with self._settings.store.begin() as conn:
                stored = self._settings.get(conn, KEY)
                if stored is not None:
                    self.load(stored[1])
                change()
                self.version = self._settings.put(conn, KEY, self._state())
        except BaseException:
            self.version = 0  # what memory holds was not stored: read the store again
            raise

    def _state(self) -> dict[str, Any]:
        with self._lock:
            frozen = None if self._frozen_at is None else self._frozen_at.isoformat()
            return {"frozen_at": frozen, "offset_us": self._offset // timedelta(microseconds=1)}
