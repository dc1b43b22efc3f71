"""Tenants: what making one costs, and how many one process holds.

For the small and medium worlds, each in its own process (so its RSS is its own), in memory,
with the clock frozen:
- `make p50`: making a tenant (a copy of the seeded template: vidmock.tenants.templates);
- `first request p50`: a tenant's first request (`GET /apivideo/videos`, made on the way) less
  the same request in a tenant that exists (p50 of each): what making a tenant adds to it;
- `memory per tenant`: RSS growth over `--count` tenants, each answering one request, and how
  many such tenants fit in 2 GB beside the server itself;
- `fixture overhead p50`: the pytest fixture's set-up and tear-down of a test's tenant with its
  client (vidmock.testing.Session), small world only, once the session's mock exists;
- `pytest, 40 tests`: whole `pytest` runs of `--tests` tests that each make one request through
  the fixture against as many tests that do nothing, the median of `--runs` runs of each: the
  difference over the number of tests is the fixture's cost per test with the session's mock
  (imports, app, first tenant) included.

Requests go through the whole app in-process (the fixture's client, vidmock.testing.InProcess),
without a network hop.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
DEV = {"Authorization": "Bearer dev-token"}
GiB = 2**30


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def measure(size: str, repeats: int, count: int) -> dict:
    import httpx

    from vidmock.app import create_app
    from vidmock.config import Config
    from vidmock.storage.heap import return_free_memory
    from vidmock.tenants.templates import TenantOptions
    from vidmock.testing import InProcess

    app = create_app(Config(size=size, now=NOW))
    client = httpx.Client(transport=InProcess(app), base_url="http://testserver")
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


WITH_FIXTURE = """
def test_{n}(vidmock):
    assert vidmock.client("apivideo").get("/videos").status_code == 200
"""
WITHOUT = """
def test_{n}():
    assert {n} + 1 > {n}
"""


def pytest_runs(tests: int, runs: int) -> dict:
    """Seconds of whole pytest runs of `tests` tests with the fixture and without (medians), and
    the fixture's cost per test; the first run with the fixture (kept files written) is left out."""
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for kind, body in (("with", WITH_FIXTURE), ("without", WITHOUT)):
            files[kind] = Path(folder) / f"test_{kind}_fixture.py"
            files[kind].write_text("".join(body.format(n=n) for n in range(tests)))
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"]
        # As in a user's runs, pytest keeps the modules it rewrote (vidmock's, as a plugin's) as
        # bytecode: without it every run compiles them again.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        seconds: dict[str, list[float]] = {"with": [], "without": []}
        for run in range(runs + 1):
            for kind, path in files.items():
                started = time.perf_counter()
                subprocess.run([*command, str(path)], cwd=folder, env=env, check=True, capture_output=True)
                if run:
                    seconds[kind].append(time.perf_counter() - started)
    with_s, without_s = statistics.median(seconds["with"]), statistics.median(seconds["without"])
    return {"with_s": with_s, "without_s": without_s, "per_test_ms": (with_s - without_s) / tests * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--count", type=int, default=500, help="tenants held to measure memory")
    parser.add_argument("--size", choices=["small", "medium"], action="append")
    parser.add_argument("--tests", type=int, default=40, help="tests per pytest run")
    parser.add_argument("--runs", type=int, default=5, help="pytest runs of each kind")
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
    runs = pytest_runs(args.tests, args.runs)
    print(
        f"  pytest, {args.tests} tests: {runs['with_s']:.2f} s with the fixture (one request each), "
        f"{runs['without_s']:.2f} s without: {runs['per_test_ms']:.1f} ms a test, the session's "
        f"mock included (target <= 15)"
    )


if __name__ == "__main__":
    main()
