"""`make bench`: vidmock against Stoplight Prism on the same requests, side by side, in one run.

Workloads: one fixed IBM URL; IBM reads built at random by bench/requests.lua (every family,
dimension, range, page and filter, so requests rarely repeat); a dashboard polling 20 URLs;
api.video's video list and reads; JTV's activity ingest. Both servers bind 127.0.0.1, get the
same generator with the same seed, and are measured one after the other with wrk (fixed
threads, connections and duration), then stopped. Then, on the same servers, small answers of
every vendor (bench/equal_work.py) and a filtered page against json-server over the same IBM
segments; before any of them starts, each server's cold start (bench/cold_start.py). Ends with a
summary of the performance targets; every table is also written to bench/results/*.json.
Installs what it lacks the first time: Prism and json-server from npm into bench/.node, wrk
from Debian's packages.
"""

from __future__ import annotations

import argparse
import contextlib
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
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import Request, urlopen

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "bench" / ".node"
PRISM = NODE / "node_modules" / ".bin" / "prism"
RESULTS = ROOT / "bench" / "results"
VIDMOCK = Path(sys.executable).parent / "vidmock"


def ensure_tools() -> str:
    npm_install(PRISM, "@stoplight/prism-cli@5")
    return ensure_wrk()


def npm_install(program: Path, package: str) -> None:
    """`package` from npm into bench/.node, unless `program` (its command there) exists."""
    if not program.exists():
        NODE.mkdir(parents=True, exist_ok=True)
        print(f"installing {package} into bench/.node ...", flush=True)
        command = ["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(NODE), package]
        subprocess.run(command, check=True)


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


def wait_until_up(url: str | None, headers: dict[str, str], timeout: float = 120.0, port: int = 0) -> None:
    """Until `url` answers 200 (or, without a URL, until `port` accepts connections)."""
    deadline = time.monotonic() + timeout
    while url is None and time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    while url is not None and time.monotonic() < deadline:
        try:
            with urlopen(Request(url, headers=headers), timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up within {timeout} s")


@contextmanager
def running(
    command: list[str], url: str | None, headers: dict[str, str], port: int = 0
) -> Iterator[subprocess.Popen]:
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        wait_until_up(url, headers, port=port)
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    """Ends a server started in its own session, with everything it started."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


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
    wrk: str,
    url: str | list[str],
    header: str,
    threads: int,
    connections: int,
    seconds: int,
    timeout: int = 2,
) -> dict:
    """One wrk run; `url` is a URL, or wrk's trailing arguments (`-s script URL -- args...`).

    A request unanswered after `timeout` seconds (wrk's default: 2) is dropped from the figures and
    counted in `timeouts`."""
    target = [url] if isinstance(url, str) else url
    options = [f"-t{threads}", f"-c{connections}", f"-d{seconds}s", f"--timeout={timeout}s", "--latency"]
    output = subprocess.run(
        [wrk, *options, "-H", header, *target],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {p: _ms(re.search(rf"^\s+{p}%\s+(\S+)", output, re.M).group(1)) for p in ("50", "99")}
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    timeouts = re.search(r"Socket errors:.*timeout (\d+)", output)
    # Bytes read count the status line and headers too; wrk's units are binary (1KB = 1024 B).
    count, read = re.search(r"(\d+) requests in \S+, (\S+) read", output).groups()
    return {
        "rps": rps,
        "p50_ms": latency["50"],
        "p99_ms": latency["99"],
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "timeouts": int(timeouts.group(1)) if timeouts else 0,
        "bytes_per_s": _bytes(re.search(r"Transfer/sec:\s+(\S+)", output).group(1)),
        "bytes_per_answer": _bytes(read) / max(int(count), 1),
    }


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _bytes(text: str) -> float:
    value, prefix = re.match(r"([\d.]+)([KMGTP]?)B", text).groups()
    return float(value) * 1024 ** " KMGTP".index(prefix or " ")


def options_parser(description: str | None) -> argparse.ArgumentParser:
    """The wrk settings every benchmark here takes: duration, connections, threads, warm-up."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=3)
    return parser


def load_options(description: str | None) -> argparse.Namespace:
    return options_parser(description).parse_args()


# The world's frozen clock: the generator draws ranges in the 100 days before it.
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
SCRIPT = ROOT / "bench" / "requests.lua"
SPECS = {
    "ibm": "ibm-analytics.yaml",
    "apivideo": "apivideo.yaml",
    "jtv": "jtv-metax.yaml",
    "syngrafii": "syngrafii.yaml",
    "nomad": "nomad-media.yaml",
}
# Prism serves a spec's paths without the base path of its `servers` (Syngrafii's /api/v1, Nomad's /api).
VIDMOCK_PREFIX = {
    "ibm": "/ibm-analytics/v1",
    "apivideo": "/apivideo",
    "jtv": "/jtv",
    "syngrafii": "/syngrafii/api/v1",
    "nomad": "/nomad/api",
}
AUTH = {"ibm": "Authorization: dev-token", "apivideo": "Authorization: Bearer dev-token"}
AUTH["jtv"] = AUTH["nomad"] = AUTH["apivideo"]
AUTH["syngrafii"] = "api_key: dev-key"
# A URL each server answers with a 200 once it is up.
PROBE = {
    "ibm": "/views?"
    + urlencode({"date_time_from": "2026-11-01T00:00:00Z", "date_time_to": "2026-11-02T00:00:00Z"}),
    "apivideo": "/videos",
    "jtv": None,
    "syngrafii": None,
    "nomad": "/media/my-content",
}
# (label, API, generator mode of requests.lua; None: the one fixed URL of `views_query`)
WORKLOADS = (
    ("IBM /views whole year, one URL", "ibm", None),
    ("IBM mixed, every request random", "ibm", "ibm-mixed"),
    ("IBM dashboard, 20 URLs rotated", "ibm", "ibm-repeat"),
    ("api.video GET /videos + /videos/{id}", "apivideo", "apivideo"),
    ("JTV ingest PUT (deltas and full)", "jtv", "jtv-ingest"),
)
# Each collection's ids, read from vidmock's control API (Prism answers any id with its example).
ID_SOURCES = {
    "ibm": ("ibm-analytics", "contents", "content_id"),
    "apivideo": ("apivideo", "videos", "video_id"),
    "jtv": ("jtv", "assets", "asset_id"),
}


def views_query() -> str:
    """The single-URL IBM read: the whole year, 10 views a page."""
    return urlencode(
        {"date_time_from": "2026-01-01T00:00:00Z", "date_time_to": "2026-12-31T00:00:00Z", "_limit": 10}
    )


def control_state(base: str, api: str, collection: str, limit: int, offset: int = 0) -> dict:
    """`{total, items}` of one collection, as vidmock's control API (`/__admin/state`) pages it."""
    query = urlencode({"api": api, "collection": collection, "limit": limit, "offset": offset})
    with urlopen(f"{base}/__admin/state?{query}", timeout=60) as response:
        return json.load(response)[api][collection]


def seeded_ids(base: str) -> dict[str, str]:
    found = {}
    for api, (key, collection, column) in ID_SOURCES.items():
        items = control_state(base, key, collection, 200)["items"]
        found[api] = ",".join(str(item[column]) for item in items)
    return found


def wrk_workload(
    wrk: str, base: str, api: str, prefix: str, mode: str | None, ids: str, args, seconds: int
) -> dict:
    header = AUTH[api]
    if mode is None:
        return wrk_run(
            wrk, f"{base}{prefix}/views?{views_query()}", header, args.threads, args.connections, seconds
        )
    script = ["-s", str(SCRIPT), base, "--", mode, prefix, "16", str(int(NOW.timestamp())), ids]
    return wrk_run(wrk, script, header, args.threads, args.connections, seconds)


@contextmanager
def servers(vidmock_port: int, prism_ports: dict[str, int]) -> Iterator[dict[str, subprocess.Popen]]:
    """vidmock (every API, medium world, clock frozen at NOW) and one Prism per spec."""
    header = {"Authorization": "dev-token"}
    vidmock = [
        str(VIDMOCK),
        "serve",
        "--port",
        str(vidmock_port),
        "--size",
        "medium",
        "--quiet",
        "--now",
        NOW.isoformat(),
    ]
    with contextlib.ExitStack() as stack:
        started = {
            "vidmock": stack.enter_context(
                running(vidmock, f"http://127.0.0.1:{vidmock_port}/__admin/health", header)
            )
        }
        for api, port in prism_ports.items():
            command = [
                str(PRISM),
                "mock",
                str(ROOT / "openapi" / SPECS[api]),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
            ]
            probe = PROBE[api]
            if probe is None:
                # No GET of this spec answers without an id; wait for the port instead.
                stack.enter_context(running(command, None, {}, port=port))
            else:
                name, value = AUTH[api].split(": ", 1)
                stack.enter_context(running(command, f"http://127.0.0.1:{port}{probe}", {name: value}))
        yield started


def print_table(rows: list[dict]) -> None:
    """One line a workload: both sides' req/s, p50 and p99 (ms), the ratio and non-2xx counts."""
    sides = f"{'vidmock r/s':>12}{'p50':>8}{'p99':>8}{'prism r/s':>11}{'p50':>8}{'p99':>8}"
    print(f"{'workload':<40}{sides}{'ratio':>7}{'non-2xx v/p':>14}")
    for row in rows:
        v, p = row["vidmock"], row["prism"]
        print(
            f"{row['workload']:<40}{v['rps']:>12.0f}{v['p50_ms']:>8.1f}{v['p99_ms']:>8.1f}"
            f"{p['rps']:>11.0f}{p['p50_ms']:>8.1f}{p['p99_ms']:>8.1f}{row['ratio']:>7.2f}"
            f"{str(v['non_2xx']) + '/' + str(p['non_2xx']):>14}"
        )
    print("(p50 and p99 in ms; ratio = vidmock req/s / Prism req/s)")


def main() -> None:
    parser = options_parser(__doc__)
    parser.add_argument("--starts", type=int, default=3, help="warm starts per server for the cold start")
    args = parser.parse_args()
    # The modules beside this file import its helpers as `run`: the same module, not a second copy.
    sys.modules.setdefault("run", sys.modules[__name__])
    import cold_start
    import equal_work

    wrk = ensure_tools()
    equal_work.ensure_json_server()
    # First, while no other server of this benchmark runs.
    cold = cold_start.measure(args.starts)
    vidmock_port = free_port()
    prism_ports = {api: free_port() for api in SPECS}
    results = []
    with servers(vidmock_port, prism_ports) as started:
        vidmock_base = f"http://127.0.0.1:{vidmock_port}"
        ids = seeded_ids(vidmock_base)
        small_paths = equal_work.small_answer_paths(vidmock_base)
        for label, api, mode in WORKLOADS:
            print(f"measuring {label} ...", flush=True)
            row = {"workload": label}
            for name, base, prefix in (
                ("vidmock", vidmock_base, VIDMOCK_PREFIX[api]),
                ("prism", f"http://127.0.0.1:{prism_ports[api]}", ""),
            ):
                wrk_workload(wrk, base, api, prefix, mode, ids[api], args, args.warmup)
                row[name] = wrk_workload(wrk, base, api, prefix, mode, ids[api], args, args.seconds)
            row["ratio"] = row["vidmock"]["rps"] / row["prism"]["rps"]
            results.append(row)
        small = equal_work.small_answers(wrk, vidmock_base, prism_ports, small_paths, args)
        guard = equal_work.json_server_guard(wrk, vidmock_base, args)
        vidmock_rss = round(rss_mib(started["vidmock"].pid), 1)

    print(
        f"\nwrk -t{args.threads} -c{args.connections} -d{args.seconds}s, 127.0.0.1, after a {args.warmup} s "
        f"warm-up each; vidmock medium world (RSS {vidmock_rss} MiB at the end), Prism 5 on the same specs\n"
    )
    print_table(results)
    equal_work.print_bytes(results)
    equal_work.report_small(small)
    cold_start.report(cold)
    equal_work.report_guard(guard)
    found = equal_work.summary(results, small, cold, guard)
    RESULTS.mkdir(exist_ok=True)
    for name, value in (
        ("compare", results),
        ("small_answers", small),
        ("cold_start", cold),
        ("json_server", guard),
        ("summary", found),
    ):
        (RESULTS / f"{name}.json").write_text(json.dumps(value, indent=2))


if __name__ == "__main__":
    main()
