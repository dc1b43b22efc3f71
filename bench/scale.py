"""IBM Analytics at scale: seeding time, the read model's build time (the first request after
a write pays it), the p50 latency of every aggregate (3 metrics x summary and 8 dimensions),
`/views`, `/viewers` and peaks, and peak memory, for worlds of about 10 000, 100 000 and
1 000 000 view segments.

Each scale runs in its own process (so its RSS is its own), in memory, with the clock frozen.
Latencies are p50 over repeated in-process requests through the whole app (validation,
security, handler, JSON), without a network hop; the first request of each is shown apart for
the pages and peaks (it writes the page's segments as text and builds the peak steps).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime

import httpx

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
SEGMENTS_PER_SESSION = 2.27  # measured on the seeded worlds
SCALES = (10_000, 100_000, 1_000_000)


def measure(target_segments: int, repeats: int) -> dict:
    from sqlalchemy import select

    from vidmock.apis.ibm_analytics import API, tables
    from vidmock.apis.ibm_analytics.read_model.model import read_model
    from vidmock.apis.ibm_analytics.seeding import world as seeding
    from vidmock.app import create_app
    from vidmock.config import Config
    from vidmock.seeding import seed_context
    from vidmock.storage.store import count_rows

    app = create_app(Config(now=NOW, size="small"))
    store = app.world.store
    sessions = int(target_segments / SEGMENTS_PER_SESSION)
    people = max(40, sessions // 7)
    started = time.perf_counter()
    with store.begin() as conn:
        for table in (tables.views, tables.segments, tables.contents):
            conn.execute(table.delete())
        with store.indexes_deferred(conn):
            seeding.seed_counts(conn, seed_context(API, 1, "large", NOW), 15, 40, people, sessions)
    seconds = time.perf_counter() - started
    with store.begin() as conn:
        segment_count = count_rows(conn, tables.segments)
        one_live = conn.execute(
            select(tables.contents.c.content_id).where(tables.contents.c.content_type == "live").limit(1)
        ).scalar_one()

    month = {"date_time_from": "2026-10-25T00:00:00", "date_time_to": "2026-11-24T00:00:00"}
    calls = {}
    for metric in ("total-views", "unique-devices", "authenticated-viewers"):
        calls[f"{metric}/summary"] = (f"/{metric}/summary", month)
        for dimension in ("month", "day", "hour", "location", "country", "region", "device", "view-source"):
            calls[f"{metric}/{dimension}"] = (f"/{metric}/{dimension}", {**month, "_limit": 100})
    calls["views, _limit=10"] = ("/views", month)
    calls["views, _limit=1000, page 20"] = ("/views", {**month, "_limit": 1000, "_page": 20})
    calls["viewers, _limit=10"] = ("/viewers", month)
    calls["peak-viewer-numbers, hour"] = ("/peak-viewer-numbers", {**month, "granularity": "hour"})
    calls["peak-viewer-numbers/live, minute, one content, one day"] = (
        "/peak-viewer-numbers/live",
        {
            "date_time_from": "2026-11-20T00:00:00",
            "date_time_to": "2026-11-21T00:00:00",
            "granularity": "minute",
            "content_id": str(one_live),
        },
    )
    with store.read() as conn:
        started = time.perf_counter()
        read_model(store, lambda: conn)
        build_seconds = time.perf_counter() - started

    async def latencies() -> tuple[dict[str, float], dict[str, float]]:
        """(p50 of the repeats, the first request: segments' texts written, peak steps built)."""
        transport = httpx.ASGITransport(app=app)
        found, first = {}, {}
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for name, (path, params) in calls.items():
                times = []
                for _ in range(repeats + 1):
                    begin = time.perf_counter()
                    response = await client.get(
                        "/ibm-analytics/v1" + path, params=params, headers={"Authorization": "dev-token"}
                    )
                    times.append((time.perf_counter() - begin) * 1000)
                    assert response.status_code == 200, response.text
                found[name] = round(statistics.median(times[1:]), 1)
                first[name] = round(times[0], 1)
        return found, first

    p50, first = asyncio.run(latencies())
    return {
        "segments": segment_count,
        "seed_seconds": round(seconds, 2),
        "build_seconds": round(build_seconds, 2),
        "p50_ms": p50,
        "first_ms": first,
        "max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--segments", type=int, help="measure one scale in this process")
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    if args.segments:
        print(json.dumps(measure(args.segments, args.repeats)))
        return
    rows = []
    for target in SCALES:
        print(f"IBM at ~{target:,} segments ...", flush=True)
        output = subprocess.run(
            [sys.executable, __file__, "--segments", str(target), "--repeats", str(args.repeats)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        rows.append(json.loads(output.strip().splitlines()[-1]))
    print(f"\n{'':<56}" + "".join(f"{row['segments']:>12,}" for row in rows))
    print(f"{'seeding, s':<56}" + "".join(f"{row['seed_seconds']:>12}" for row in rows))
    print(
        f"{'read model build (first request after a write), s':<56}"
        + "".join(f"{row['build_seconds']:>12}" for row in rows)
    )
    print(f"{'peak RSS, MiB':<56}" + "".join(f"{row['max_rss_mib']:>12}" for row in rows))
    print("p50, ms:")
    for name in rows[0]["p50_ms"]:
        print(f"  {name:<54}" + "".join(f"{row['p50_ms'][name]:>12}" for row in rows))
    print(f"{'slowest p50, ms':<56}" + "".join(f"{max(row['p50_ms'].values()):>12}" for row in rows))
    print("first request, ms (a page's segments written as text, peak steps built):")
    for name in rows[0]["first_ms"]:
        if name.startswith(("views", "viewers", "peak")):
            print(f"  {name:<54}" + "".join(f"{row['first_ms'][name]:>12}" for row in rows))


if __name__ == "__main__":
    main()
