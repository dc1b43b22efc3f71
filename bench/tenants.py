"""Tenants: what making one costs, and how many one process holds.

For the small and medium worlds, each in its own process (so its RSS is its own), in memory,
with the clock frozen:
- `make p50`: making a tenant (a copy of the seeded template: vidmock.tenants.templates);
- `first request p50`: a tenant's first request (`GET /apivideo/videos`, made on the way) less
  the same request in a tenant that exists (p50 of each): what making a tenant adds to it;
- `memory per tenant`: RSS growth over `--count` tenants, each answering one request, and how
  many such tenants fit in 2 GB beside the server itself;
- `fixture overhead p50`: the pytest fixture's set-up and tear-down of a test's tenant with its
  client (vidmock.testing.Session), small world only.

Requests go through the whole app in-process (Starlette's TestClient), without a network hop.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
DEV = {"Authorization": "Bearer dev-token"}
GiB = 2**30


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def measure(size: str, repeats: int, count: int) -> dict:
    from starlette.testclient import TestClient

    from vidmock.app import create_app
    from vidmock.config import Config
    from vidmock.storage.heap import return_free_memory
    from vidmock.tenants.templates import TenantOptions

    app = create_app(Config(size=size, now=NOW))
    client = TestClient(app)
    options = TenantOptions(1, size, None, NOW)  # type: ignore[arg-type]
    client.get("/apivideo/videos", headers={**DEV, "Vidmock-Tenant": "warm"})  # the template's first use

    made = []
    for n in range(repeats):
        started = time.perf_counter()
        app.tenants.put(f"made-{n}", options)
        made.append(time.perf_counter() - started)
        app.tenants.drop(f"made-{n}")

    first, again = [], []
    for n in range(repeats):
        headers = {**DEV, "Vidmock-Tenant": f"first-{n}"}
        started = time.perf_counter()
        client.get("/apivideo/videos", headers=headers)
        first.append(time.perf_counter() - started)
        started = time.perf_counter()
        client.get("/apivideo/videos", headers=headers)
        again.append(time.perf_counter() - started)
        app.tenants.drop(f"first-{n}")

    return_free_memory()
    before = rss_bytes()
    for n in range(count):
        client.get("/apivideo/videos", headers={**DEV, "Vidmock-Tenant": f"held-{n}"})
    return_free_memory()
    per_tenant = (rss_bytes() - before) / count
    result = {
        "size": size,
        "make_p50_ms": statistics.median(made) * 1000,
        "first_request_added_p50_ms": (statistics.median(first) - statistics.median(again)) * 1000,
        "request_p50_ms": statistics.median(again) * 1000,
        "memory_per_tenant_mb": per_tenant / 2**20,
        "tenants_in_2gb": int((2 * GiB - before) // per_tenant),
        "server_rss_mb": before / 2**20,
    }
    if size == "small":
        result["fixture_overhead_p50_ms"] = fixture_overhead(repeats)
    return result


def fixture_overhead(repeats: int) -> float:
    """The `vidmock` fixture's work per test, the test's own requests aside."""
    from vidmock.testing import Session

    session = Session()
    with session.tenant(now=NOW) as mock:
        mock.client("apivideo").get("/videos")
    spent = []
    for _ in range(repeats):
        started = time.perf_counter()
        with session.tenant(now=NOW) as mock:
            mock.client("apivideo")  # a test's client: made on first use, closed with its tenant
        spent.append(time.perf_counter() - started)
    session.close()
    return statistics.median(spent) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--count", type=int, default=500, help="tenants held to measure memory")
    parser.add_argument("--size", choices=["small", "medium"], action="append")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.repeats, args.count)))
        return
    print("tenants: making one, its first request, memory (in-process, frozen clock)")
    for size in args.size or ["small", "medium"]:
        count = args.count if size == "small" else max(1, args.count // 20)
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                size,
                "--repeats",
                str(args.repeats),
                "--count",
                str(count),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(
            f"  {size:6} make p50 {r['make_p50_ms']:6.2f} ms | first request adds p50 "
            f"{r['first_request_added_p50_ms']:6.2f} ms (a request: {r['request_p50_ms']:.2f} ms) | "
            f"{r['memory_per_tenant_mb']:.2f} MB per tenant ({count} held), "
            f"{r['tenants_in_2gb']} fit in 2 GB beside a {r['server_rss_mb']:.0f} MB server"
        )
        if "fixture_overhead_p50_ms" in r:
            print(f"  pytest fixture overhead per test p50 {r['fixture_overhead_p50_ms']:.2f} ms")


if __name__ == "__main__":
    main()
