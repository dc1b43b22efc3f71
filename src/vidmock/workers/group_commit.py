"""Writes that the threads of one worker hand in at the same moment, made in one transaction.

The first thread whose turn comes writes every write waiting then; the others find theirs
already made. Under load a worker then takes the shared store's write lock once for several
requests, not once for each (the same idea as a database's group commit). A thread still
returns only once its own write is committed, so what it wrote is there for every worker to
read when it goes on."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class _Waiting(Generic[Item, Result]):
    __slots__ = ("done", "error", "item", "result")

    def __init__(self, item: Item) -> None:
        self.item = item
        self.done = False
        self.result: Result | None = None
        self.error: BaseException | None = None


class GroupCommit(Generic[Item, Result]):
    """`write(items)` makes a batch of writes in one transaction and answers one result for
    each item, in their order."""

    def __init__(self, write: Callable[[list[Item]], Sequence[Result]]) -> None:
        self._write = write
        self._waiting: list[_Waiting[Item, Result]] = []
        self._queue_lock = threading.Lock()
        self._turn = threading.Lock()

    def submit(self, item: Item) -> Result:
        """Blocks until `item` is written, with whatever else was waiting; answers its result,
        or raises what `write` raised for its batch."""
        waiting: _Waiting[Item, Result] = _Waiting(item)
        with self._queue_lock:
            self._waiting.append(waiting)
        with self._turn:
            if not waiting.done:
                with self._queue_lock:
                    batch, self._waiting = self._waiting, []
                self._write_batch(batch)
        if waiting.error is not None:
            raise waiting.error
        return waiting.result  # type: ignore[return-value]

    def _write_batch(self, batch: list[_Waiting[Item, Result]]) -> None:
        try:
            results = self._write([waiting.item for waiting in batch])
            answered = list(zip(batch, results, strict=True))
        except BaseException as exc:
            for waiting in batch:
                waiting.error, waiting.done = exc, True
            return
        for waiting, result in answered:
            waiting.result, waiting.done = result, True
