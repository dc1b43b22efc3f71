"""`make bench`: vidmock against Stoplight Prism on the same request, side by side.

Both servers bind 127.0.0.1 and are measured one after the other with wrk (fixed threads,
connections and duration), then stopped. Installs what it lacks the first time: Prism from npm
into bench/.node, wrk from Debian's packages.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import Request, urlopen

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "bench" / ".node"
PRISM = NODE / "node_modules" / ".bin" / "prism"
RESULTS = ROOT / "bench" / "results"
SPEC = ROOT / "openapi" / "ibm-analytics.yaml"
VIDMOCK = Path(sys.executable).parent / "vidmock"


def ensure_tools() -> str:
    if not PRISM.exists():
        NODE.mkdir(parents=True, exist_ok=True)
        print("installing @stoplight/prism-cli into bench/.node ...", flush=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--silent",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(NODE),
                "@stoplight/prism-cli@5",
            ],
            check=True,
        )
    return ensure_wrk()


def ensure_wrk() -> str:
    """wrk's path, installed from Debian's packages when missing."""
    wrk = shutil.which("wrk")
    if wrk is None:
        print("installing wrk from Debian's packages ...", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
        wrk = shutil.which("wrk")
    assert wrk, "wrk is not available"
    return wrk


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, headers: dict[str, str], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urlopen(Request(url, headers=headers), timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up within {timeout} s")


@contextmanager
def running(command: list[str], url: str, headers: dict[str, str]) -> Iterator[subprocess.Popen]:
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        wait_until_up(url, headers)
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def rss_mib(pid: int) -> float:
    """Resident memory of a process tree's leader, from /proc."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def wrk_run(
    wrk: str, url: str, header: str, threads: int, connections: int, seconds: int, extra: list[str] = ()
) -> dict:
    """One wrk run; `extra` goes before the URL (e.g. `-s script.lua`)."""
    output = subprocess.run(
        [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", header, *extra, url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {p: _ms(re.search(rf"^\s+{p}%\s+(\S+)", output, re.M).group(1)) for p in ("50", "99")}
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "rps": rps,
        "p50_ms": latency["50"],
        "p99_ms": latency["99"],
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def load_options(description: str | None) -> argparse.Namespace:
    """The wrk settings every benchmark here takes: duration, connections, threads, warm-up."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=3)
    return parser.parse_args()


def views_query() -> str:
    """The measured IBM read: the 30 days up to now, 10 views a page."""
    now = datetime.now(UTC)
    return urlencode(
        {
            "date_time_from": (now - timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "date_time_to": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "_limit": 10,
        }
    )


def main() -> None:
    args = load_options(__doc__)
    wrk = ensure_tools()
    query = views_query()
    header = {"Authorization": "dev-token"}
    servers = {
        "vidmock": (
            lambda port: [str(VIDMOCK), "serve", "--port", str(port), "--size", "medium"],
            "/ibm-analytics/v1/views",
        ),
        "prism": (lambda port: [str(PRISM), "mock", str(SPEC), "-h", "127.0.0.1", "-p", str(port)], "/views"),
    }
    results = {}
    for name, (command, path) in servers.items():
        port = free_port()
        url = f"http://127.0.0.1:{port}{path}?{query}"
        print(f"measuring {name} ...", flush=True)
        with running(command(port), url, header) as process:
            wrk_run(wrk, url, "Authorization: dev-token", args.threads, args.connections, args.warmup)
            results[name] = wrk_run(
                wrk, url, "Authorization: dev-token", args.threads, args.connections, args.seconds
            )
            results[name]["rss_mib"] = round(rss_mib(process.pid), 1)

    ratio = results["vidmock"]["rps"] / results["prism"]["rps"]
    print(f"\nGET {servers['vidmock'][1]}?{query}")
    print(
        f"wrk -t{args.threads} -c{args.connections} -d{args.seconds}s, 127.0.0.1, "
        f"after a {args.warmup} s warm-up\n"
    )
    print(f"{'server':<10}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>10}{'RSS MiB':>10}")
    for name, r in results.items():
        print(
            f"{name:<10}{r['rps']:>10.0f}{r['p50_ms']:>10.2f}{r['p99_ms']:>10.2f}{r['non_2xx']:>10}"
            f"{r['rss_mib']:>10.1f}"
        )
    print(f"\nratio vidmock/prism: {ratio:.2f}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "views.json").write_text(
        json.dumps({"query": query, "results": results, "ratio": ratio}, indent=2)
    )


if __name__ == "__main__":
    main()
