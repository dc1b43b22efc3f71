"""The uvicorn settings every server vidmock starts shares (`vidmock serve`, its workers, its
HTTPS listener, `vidmock.testing.serving`)."""

from __future__ import annotations

from typing import Any

# The asyncio event loop, not uvloop. With 32 clients at once on one worker, uvloop kept a few
# requests waiting many times the median: p99 59-91 ms and a slowest request of 270-330 ms,
# where asyncio's loop gave p99 29-33 ms and a slowest of 31-38 ms at the same throughput
# (wrk -t2 -c32 on small reads; docs/benchmarks.md).
UVICORN: dict[str, Any] = {"loop": "asyncio", "log_level": "warning"}
