"""Cold start, measured by bench/run.py: seconds from spawning a server to its first 200.

One server at a time on 127.0.0.1, before any other server of the benchmark starts:
`vidmock serve --size medium`, `--size small` and `--size medium --now …` (probe
`/__admin/health`; with `--now` the world the first start seeds is kept as a file and copied
from it by the warm starts), then Prism on the IBM
spec (probe: the IBM read of run.PROBE). The probe is polled every 10 ms, so polling adds at most
that much. Each vidmock size starts once over an empty cache folder (`VIDMOCK_CACHE_DIR`, a fresh
temporary folder: whatever a first start keeps there for later starts, such as a seeded world, is
written within its time), then `starts` more times over that same folder: the warm start, whose
median is the headline. For vidmock the time to its first IBM answer (run.PROBE's read, once the
health answers) is kept as well, so a server that answers its health before its world is ready
shows it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.request import Request, urlopen

from run import NOW, PRISM, PROBE, ROOT, VIDMOCK, free_port, stop

POLL_S = 0.01
IBM_AUTH = {"Authorization": "dev-token"}


def first_answers(
    command: list[str], urls: list[str], headers: dict[str, str], env: dict[str, str] | None = None
) -> list[float]:
    """Seconds from spawning `command` until each of `urls` (polled in turn) answers 200; then stops it."""
    started = time.monotonic()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, env=env
    )
    try:
        return [_poll(url, headers, started, process) for url in urls]
    finally:
        stop(process)


def _poll(url: str, headers: dict[str, str], started: float, process: subprocess.Popen) -> float:
    while time.monotonic() - started < 120:
        try:
            with urlopen(Request(url, headers=headers), timeout=10) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except OSError:
            pass
        if process.poll() is not None:
            raise RuntimeError(f"{' '.join(process.args)} exited with {process.returncode} before {url}")
        time.sleep(POLL_S)
    raise RuntimeError(f"{url} did not answer 200 within 120 s")


def _folder_size(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file()]
    return len(files), sum(path.stat().st_size for path in files)


def vidmock_starts(size: str, starts: int, *options: str) -> dict:
    """The first start over an empty cache folder, then `starts` warm ones over what it kept."""
    with tempfile.TemporaryDirectory(prefix="vidmock-cache-") as cache:
        # As on a user's machine, Python keeps the modules it compiled on the first start; where
        # the environment says not to write bytecode, every warm start would compile them again.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["VIDMOCK_CACHE_DIR"] = cache
        runs = []
        for _ in range(starts + 1):
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            command = [str(VIDMOCK), "serve", "--port", str(port), "--size", size, "--quiet", *options]
            health, ibm = first_answers(
                command, [f"{base}/__admin/health", f"{base}/ibm-analytics/v1{PROBE['ibm']}"], IBM_AUTH, env
            )
            runs.append({"health_s": health, "first_ibm_answer_s": ibm})
            if len(runs) == 1:
                kept_files, kept_bytes = _folder_size(Path(cache))
    warm = [run["health_s"] for run in runs[1:]]
    return {
        "first_start_s": runs[0]["health_s"],
        "kept_after_first_start": {"files": kept_files, "bytes": kept_bytes},
        "warm_s": warm,
        "median_s": statistics.median(warm),
        "first_ibm_answer_s": [run["first_ibm_answer_s"] for run in runs],
    }


def prism_starts(starts: int) -> dict:
    runs = []
    for _ in range(starts):
        port = free_port()
        command = [str(PRISM), "mock", str(ROOT / "openapi" / "ibm-analytics.yaml")]
        command += ["-h", "127.0.0.1", "-p", str(port)]
        runs += first_answers(command, [f"http://127.0.0.1:{port}{PROBE['ibm']}"], IBM_AUTH)
    return {"warm_s": runs, "median_s": statistics.median(runs)}


def measure(starts: int) -> dict:
    """Every server's starts (seconds) and the ratio vidmock medium / Prism of the warm medians."""
    print(f"measuring cold starts ({starts} each, one server at a time) ...", flush=True)
    found = {
        "vidmock medium": vidmock_starts("medium", starts),
        "vidmock small": vidmock_starts("small", starts),
        # A frozen clock: the world seeded by the first start is copied from its file after.
        "vidmock medium --now": vidmock_starts("medium", starts, "--now", NOW.isoformat()),
        "prism ibm-analytics": prism_starts(starts),
    }
    prism = found["prism ibm-analytics"]["median_s"]
    found["ratio_medium_prism"] = found["vidmock medium"]["median_s"] / prism
    found["ratio_medium_now_prism"] = found["vidmock medium --now"]["median_s"] / prism
    return found


def report(found: dict) -> None:
    starts = len(found["prism ibm-analytics"]["warm_s"])
    print(
        f"\ncold start: spawn to the first 200 (vidmock /__admin/health, Prism the IBM read), polled "
        f"every {POLL_S * 1000:.0f} ms, one server at a time; warm = median of {starts}"
    )
    print(
        f"{'server':<24}{'first start':>12}{'warm':>8}   {'warm runs (s)':<22}first IBM answer (s), every run"
    )
    for name in ("vidmock medium", "vidmock small", "vidmock medium --now", "prism ibm-analytics"):
        row = found[name]
        first = f"{row['first_start_s']:.2f}" if "first_start_s" in row else "-"
        runs = " ".join(f"{s:.2f}" for s in row["warm_s"])
        ibm = " ".join(f"{s:.2f}" for s in row.get("first_ibm_answer_s", [])) or "= warm runs"
        print(f"{name:<24}{first:>12}{row['median_s']:>8.2f}   {runs:<22}{ibm}")
    for name in ("vidmock medium", "vidmock small", "vidmock medium --now"):
        kept = found[name]["kept_after_first_start"]
        state = f"{kept['files']} files, {kept['bytes'] / 2**20:.1f} MiB" if kept["files"] else "nothing"
        print(f"{name}: the first start (empty VIDMOCK_CACHE_DIR) kept {state} for the warm starts")
    print(
        f"vidmock medium / Prism = {found['ratio_medium_prism']:.2f} (target <= 1.0; with --now "
        f"{found['ratio_medium_now_prism']:.2f}); "
        f"vidmock small {found['vidmock small']['median_s']:.2f} s (target <= 0.7 s)"
    )
