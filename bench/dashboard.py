"""`make bench`: how long each dashboard page takes to render on the medium world.

The app is built in this process (seed 1, medium) and each page asked for through the ASGI
test client, so the time is the server's alone (no network, no browser): a few warm-up loads,
then the median and the slowest of ten."""

from __future__ import annotations

import statistics
import time

from starlette.testclient import TestClient

from vidmock.app import create_app
from vidmock.config import Config

PAGES = {
    "overview": "/",
    "state: api.video videos": "/state?api=apivideo&collection=videos",
    "state: IBM segments, page 10": "/state?api=ibm-analytics&collection=segments&page=10",
    "state: IBM segments, search": "/state?api=ibm-analytics&collection=segments&q=US",
    "requests": "/requests",
    "requests: rows": "/requests/rows",
    "scenarios": "/scenarios",
    "clock": "/clock",
    "faults": "/faults",
    "IBM charts (a week)": "/ibm",
    "export (download)": "/export",
}
RUNS = 10


def main() -> None:
    print("building the medium world ...", flush=True)
    client = TestClient(create_app(Config(seed=1, size="medium")))
    for _ in range(200):  # a journal with something in it
        client.get("/apivideo/videos", headers={"Authorization": "Bearer dev-token"})
    print(f"\n{'page':<32}{'median ms':>10}{'max ms':>10}")
    for name, path in PAGES.items():
        times = []
        for n in range(RUNS + 2):
            started = time.perf_counter()
            answer = client.get("/__admin/ui" + path)
            took = (time.perf_counter() - started) * 1000
            if answer.status_code != 200:
                raise SystemExit(f"{path}: {answer.status_code}")
            if n >= 2:
                times.append(took)
        print(f"{name:<32}{statistics.median(times):>10.1f}{max(times):>10.1f}", flush=True)


if __name__ == "__main__":
    main()
