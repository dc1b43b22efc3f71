"""Where a request's time goes: IBM reads drawn as bench/requests.lua's `ibm-mixed` mode draws
them, sent in-process to a medium world (clock frozen at bench/run.py's NOW) and profiled with
pyinstrument. Prints the mean milliseconds and body size per request, then the profile.

    .venv/bin/python bench/request_profile.py [--requests 300] [--seed 16] [--html out.html]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import httpx
from pyinstrument import Profiler

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import NOW

from vidmock.app import create_app
from vidmock.config import Config

HISTORY = 100 * 86400
FAMILIES = (
    "views",
    "viewers",
    "total-views",
    "unique-devices",
    "authenticated-viewers",
    "peak-viewer-numbers",
)
DIMENSIONS = ("summary", "month", "day", "hour", "location", "device", "view-source", "country", "region")
KINDS = ("", "", "/live", "/recorded")


def ibm_requests(count: int, seed: int, content_ids: list[int]) -> list[str]:
    """`count` paths with queries, drawn as requests.lua's `ibm()` draws them."""
    rng = random.Random(seed)
    now = NOW.timestamp()
    paths = []
    for _ in range(count):
        family, kind = rng.choice(FAMILIES), rng.choice(KINDS)
        span = math.exp(math.log(3600) + rng.random() * (math.log(HISTORY) - math.log(3600)))
        start = now - HISTORY + rng.random() * (HISTORY - span + 86400)
        query = {
            "date_time_from": _stamp(start),
            "date_time_to": _stamp(start + span),
            "_page": 1 if rng.random() < 0.5 else rng.randint(1, 50),
            "_limit": rng.randint(10, 1000),
        }
        if kind and rng.random() < 0.3:
            chosen = [rng.choice(content_ids)] + ([rng.choice(content_ids)] if rng.random() < 0.3 else [])
            query["content_id"] = ",".join(map(str, chosen))
        if family == "peak-viewer-numbers":
            query["granularity"] = "minute" if rng.random() < 0.5 else "hour"
        path = (
            f"/{family}{kind}"
            if family in ("views", "viewers", "peak-viewer-numbers")
            else (f"/{family}{kind}/{rng.choice(DIMENSIONS)}")
        )
        paths.append(f"/ibm-analytics/v1{path}?{urlencode(query, safe=',:')}")
    return paths


def _stamp(t: float) -> str:
    return datetime.fromtimestamp(math.floor(t), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _client(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1")


async def seeded_content_ids(app) -> list[int]:
    """The IBM content ids the control API lists (as bench/run.py reads them)."""
    query = {"api": "ibm-analytics", "collection": "contents", "limit": 200}
    async with _client(app) as client:
        answer = await client.get("/__admin/state", params=query)
    return [item["content_id"] for item in answer.json()["ibm-analytics"]["contents"]["items"]]


async def send_all(app, paths: list[str]) -> tuple[int, int]:
    headers = {"Authorization": "dev-token"}
    ok = size = 0
    async with _client(app) as client:
        for path in paths:
            response = await client.get(path, headers=headers)
            ok += response.status_code == 200
            size += len(response.content)
    return ok, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--html", type=Path)
    args = parser.parse_args()
    app = create_app(Config(size="medium", now=NOW))
    content_ids = asyncio.run(seeded_content_ids(app))
    paths = ibm_requests(args.requests, args.seed, content_ids)
    # As wrk's warm-up does: the read model built, segments' texts written for what was read.
    asyncio.run(send_all(app, ibm_requests(args.requests, args.seed + 1, content_ids)))
    began = time.perf_counter()
    ok, size = asyncio.run(send_all(app, paths))
    took = time.perf_counter() - began
    print(
        f"{len(paths)} requests, {ok} answered 200: {took / len(paths) * 1000:.2f} ms each, "
        f"mean body {size / len(paths) / 1024:.1f} KiB; the same again, profiled:"
    )
    profiler = Profiler(interval=0.0005)
    with profiler:
        asyncio.run(send_all(app, paths))
    if args.html:
        args.html.write_text(profiler.output_html())
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
