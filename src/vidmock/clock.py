"""The one clock every time-dependent rule reads.

A real clock follows the wall clock plus an offset (so it can be advanced); a frozen clock
stands still until it is moved. Tests freeze it; `vidmock serve --now` freezes it too.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


class Clock:
    def __init__(self, frozen_at: datetime | None = None) -> None:
        self._lock = threading.Lock()
        self._frozen_at = _aware(frozen_at) if frozen_at else None
        self._offset = timedelta(0)

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

    def now(self) -> datetime:
        """The current instant, timezone-aware in UTC."""
        with self._lock:
            if self._frozen_at is not None:
                return self._frozen_at
            return datetime.now(UTC) + self._offset

    def timestamp(self) -> float:
        return self.now().timestamp()

    def millis(self) -> int:
        """The current instant in Unix milliseconds, as the store keeps times."""
        return int(self.now().timestamp() * 1000)

    def freeze(self, at: datetime | None = None) -> None:
        """Stop the clock at `at` (or where it is now)."""
        at = _aware(at) if at else self.now()
        with self._lock:
            self._frozen_at = at

    def unfreeze(self) -> None:
        """Let the clock run again from where it stands."""
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at - datetime.now(UTC)
                self._frozen_at = None

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at += delta
            else:
                self._offset += delta


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("the clock only takes timezone-aware datetimes")
    return value.astimezone(UTC)
