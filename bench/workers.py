"""`make bench`: req/s of one worker against two over one shared store.

The same requests against `vidmock serve` started three ways, one server at a time on
127.0.0.1: one worker with the default in-memory store, one worker over a SQLite file, and
`--workers 2` over that file (the clock, fault rules and journal then live in the store, and
every request is journaled there). Measured with wrk (fixed threads, connections, duration):
`/__admin/health` (no store read), an IBM `/views` page (a read), IBM reads drawn at random by
bench/requests.lua (`ibm-mixed`, as bench/run.py sends them) and JTV's play count (a PUT that
reads and writes one row). The medium world is seeded into the file once, the clock frozen at
bench/run.py's NOW.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import (  # beside this file; bench is no package
    NOW,
    SCRIPT,
    VIDMOCK,
    ensure_wrk,
    free_port,
    load_options,
    running,
    seeded_ids,
    views_query,
    wrk_run,
)

HEADER = "Authorization: Bearer dev-token"  # every vendor here takes it
PUT_SCRIPT = 'wrk.method = "PUT"\n'
JTV_PLAY = "/jtv/metax/2.1/activity/watch/bench@example.org/BENCH1"


def requests(root: str, put_script: Path) -> dict[str, str | list[str]]:
    """name -> wrk's target: a URL, or its trailing arguments (`-s script URL -- args...`)."""
    mixed = ["ibm-mixed", "/ibm-analytics/v1", "16", str(int(NOW.timestamp())), seeded_ids(root)["ibm"]]
    return {
        "GET /__admin/health": root + "/__admin/health",
        "GET IBM /views": f"{root}/ibm-analytics/v1/views?{views_query()}",
        "GET IBM, random reads": ["-s", str(SCRIPT), root, "--", *mixed],
        "PUT JTV play": ["-s", str(put_script), root + JTV_PLAY],
    }


def main() -> None:
    args = load_options(__doc__)
    wrk = ensure_wrk()
    with tempfile.TemporaryDirectory(prefix="vidmock-bench-") as scratch:
        db = f"sqlite:///{Path(scratch) / 'vidmock.db'}"
        setups = {
            "1 worker, in memory": [],
            "1 worker, SQLite file": ["--db", db],
            "2 workers, SQLite file": ["--db", db, "--workers", "2"],
        }
        script = Path(scratch) / "put.lua"
        script.write_text(PUT_SCRIPT)
        results: dict[str, dict[str, dict]] = {}
        for setup, extra in setups.items():
            port = free_port()
            root = f"http://127.0.0.1:{port}"
            command = [str(VIDMOCK), "serve", "--port", str(port), "--size", "medium", "--quiet"]
            command += ["--now", NOW.isoformat(), *extra]
            print(f"measuring {setup} ...", flush=True)
            with running(command, root + "/__admin/health", {}):
                for name, target in requests(root, script).items():
                    wrk_run(wrk, target, HEADER, args.threads, args.connections, args.warmup)
                    results.setdefault(name, {})[setup] = wrk_run(
                        wrk, target, HEADER, args.threads, args.connections, args.seconds
                    )
    print(f"\nwrk -t{args.threads} -c{args.connections} -d{args.seconds}s after a {args.warmup} s warm-up")
    print("medium world; req/s (p50 / p99 ms)\n")
    setups_shown = list(setups)
    print(f"{'request':<24}" + "".join(f"{s:>28}" for s in setups_shown))
    for name, by_setup in results.items():
        cells = []
        for setup in setups_shown:
            r = by_setup[setup]
            bad = f" {r['non_2xx']} non-2xx" if r["non_2xx"] else ""
            cells.append(f"{r['rps']:.0f} ({r['p50_ms']:.1f} / {r['p99_ms']:.1f}){bad}")
        print(f"{name:<24}" + "".join(f"{c:>28}" for c in cells))
    print()
    for name, by_setup in results.items():
        ratio = by_setup["2 workers, SQLite file"]["rps"] / by_setup["1 worker, SQLite file"]["rps"]
        print(f"{name}: 2 workers / 1 worker (SQLite file) = {ratio:.2f}")


if __name__ == "__main__":
    main()
