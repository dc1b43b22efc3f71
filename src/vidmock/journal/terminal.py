"""One line per request on the terminal of `vidmock serve`:

    2026-11-24 12:00:00 POST    /apivideo/videos?draft=1 201 3.2 ms
    2026-11-24 12:00:01 GET     /nomad/api/media/my-content 503 0.4 ms  fault slow-nomad

the time on the mock's clock, the method, the path with its query (credentials fingerprinted),
the status (`---` when no answer was sent), the duration and the fault rule that fired. Coloured
by status class on a terminal, plain otherwise (rich decides). Lines are handed to a thread
through a bounded queue: a slow terminal loses lines rather than slow a request down."""

from __future__ import annotations

import contextlib
import logging
import queue
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from logging.handlers import QueueHandler, QueueListener
from typing import Any

from rich.console import Console
from rich.text import Text

from vidmock.journal.capture import REQUEST_LOG

STATUS_STYLES = {1: "blue", 2: "green", 3: "cyan", 4: "yellow", 5: "bold red"}
BACKLOG = 10_000


def request_line(entry: Mapping[str, Any]) -> Text:
    """The line for one journal entry (`Text.plain` is the line without colours)."""
    at = datetime.fromisoformat(entry["at"])
    target = entry["path"] + (f"?{entry['query']}" if entry["query"] else "")
    status = entry["status"]
    line = Text()
    line.append(f"{at:%Y-%m-%d %H:%M:%S} ", style="dim")
    line.append(f"{entry['method']:<7} ", style="bold")
    line.append(f"{target} ")
    style = STATUS_STYLES.get((status or 0) // 100, "magenta")
    line.append("---" if status is None else str(status), style=style)
    line.append(f" {entry['duration_ms']:.1f} ms", style="dim")
    if entry.get("fault"):
        line.append(f"  fault {entry['fault']}", style="magenta")
    return line


class _DroppingQueueHandler(QueueHandler):
    def enqueue(self, record: logging.LogRecord) -> None:
        # The terminal is behind: this line is lost, the request is not held up.
        with contextlib.suppress(queue.Full):
            self.queue.put_nowait(record)

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        return record  # same process: the entry travels as it is, formatted on the printing thread


class _ConsoleHandler(logging.Handler):
    def __init__(self, console: Console) -> None:
        super().__init__()
        self.console = console

    def emit(self, record: logging.LogRecord) -> None:
        entry = getattr(record, "journal_entry", None)
        if entry is not None:
            self.console.print(request_line(entry), soft_wrap=True, highlight=False)


@contextmanager
def printing_requests(console: Console, backlog: int = BACKLOG) -> Iterator[None]:
    """Prints a line per request of any app in this process to `console` while inside; every
    line queued is printed before leaving."""
    lines: queue.Queue[logging.LogRecord] = queue.Queue(backlog)
    handler = _DroppingQueueHandler(lines)
    listener = QueueListener(lines, _ConsoleHandler(console))
    level = REQUEST_LOG.level
    REQUEST_LOG.addHandler(handler)
    REQUEST_LOG.setLevel(logging.INFO)
    listener.start()
    try:
        yield
    finally:
        REQUEST_LOG.removeHandler(handler)
        REQUEST_LOG.setLevel(level)
        listener.stop()
