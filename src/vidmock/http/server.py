"""The uvicorn settings of the servers vidmock starts (`vidmock serve`, its HTTPS listener,
`vidmock.testing.serving`; its workers)."""

from __future__ import annotations

from typing import Any

# The asyncio event loop, not uvloop. With 32 clients at once on one worker, uvloop kept a few
# requests waiting many times the median: p99 59-91 ms and a slowest request of 270-330 ms,
# where asyncio's loop gave p99 29-33 ms and a slowest of 31-38 ms at the same throughput
# (wrk -t2 -c32 on small reads; docs/benchmarks.md).
# No access log: at the warning level it prints nothing, yet its line's parts (the path quoted
# again) were worked out for every request. vidmock prints its requests itself (`journal.terminal`).
UVICORN: dict[str, Any] = {"loop": "asyncio", "log_level": "warning", "access_log": False}
# `--workers N` keeps uvloop: workers share one listening socket, and asyncio's loop accepts every
# connection waiting (up to its backlog) in the worker that wakes first, so one worker took all
# 32 and the other idled. Two workers answered 807 IBM /views requests a second on asyncio's loop,
# 1,374 on uvloop.
UVICORN_WORKERS: dict[str, Any] = {**UVICORN, "loop": "uvloop"}
