"""`make bench`: what fault rules cost requests they do not match.

The same IBM read on the small world served twice, one server at a time on 127.0.0.1: with no
fault rule, then with 20 rules for other IBM paths (each consulted, none firing). wrk (fixed
threads, connections and duration) measures both; the table shows req/s, p50, p99 and the ratio.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import (  # beside this file; bench is no package
    VIDMOCK,
    ensure_wrk,
    free_port,
    load_options,
    running,
    views_query,
    wrk_run,
)

OTHER_PATHS = ("/viewers", "/unique-devices/summary", "/total-views/summary", "/peak-viewer-numbers")


def non_matching_rules(count: int = 20) -> list[str]:
    """`--fault` options for IBM paths the measured request never asks for."""
    rules = []
    for n in range(count):
        path = OTHER_PATHS[n % len(OTHER_PATHS)]
        rules += ["--fault", f"ibm-analytics:GET {path}=500 probability 0.{n % 9 + 1}"]
    return rules


def main() -> None:
    args = load_options(__doc__)
    wrk = ensure_wrk()
    path = f"/ibm-analytics/v1/views?{views_query()}"
    header = "Authorization: dev-token"
    results = {}
    for name, extra in (("no rules", []), ("20 rules", non_matching_rules())):
        port = free_port()
        url = f"http://127.0.0.1:{port}{path}"
        command = [str(VIDMOCK), "serve", "--port", str(port), "--size", "small", *extra]
        print(f"measuring vidmock with {name} ...", flush=True)
        with running(command, url, {"Authorization": "dev-token"}):
            wrk_run(wrk, url, header, args.threads, args.connections, args.warmup)
            results[name] = wrk_run(wrk, url, header, args.threads, args.connections, args.seconds)
    print(f"\nGET {path}  (small world; the rules match other IBM paths)")
    print(f"wrk -t{args.threads} -c{args.connections} -d{args.seconds}s after a {args.warmup} s warm-up\n")
    print(f"{'fault rules':<12}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>10}")
    for name, r in results.items():
        print(f"{name:<12}{r['rps']:>10.0f}{r['p50_ms']:>10.2f}{r['p99_ms']:>10.2f}{r['non_2xx']:>10}")
    ratio = results["20 rules"]["rps"] / results["no rules"]["rps"]
    print(f"\nratio 20 rules / no rules: {ratio:.2f}")


if __name__ == "__main__":
    main()
