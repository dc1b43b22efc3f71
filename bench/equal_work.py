"""Equal work, measured by bench/run.py: small answers against Prism, and a stateful peer (json-server).

Small answers: eight reads answering at most 4 KB on the medium world, one or more per vendor (IBM
summaries, a day series and a dimension list over 7 days; api.video's video; Syngrafii's package
videos; JTV's favorites; Nomad's content list), each sent to vidmock and to Prism serving the same
spec (its paths without vidmock's prefix nor the spec's server base path), with wrk after a warm-up.
Ids are the first of each collection in vidmock's control API. Every vidmock URL must answer 200
and every Prism URL 2xx before anything is measured.

json-server guard: json-server 0.17 serves vidmock's IBM segments (read from the control API) from a
db.json; the same filtered page of 10 (one content, page 1) is read from both: json-server's
`/segments?content_id=X&_page=1&_limit=10` and vidmock's IBM `/views/T?content_id=X&_limit=10`
over the whole year (T: the content's type, which IBM's path needs and its id implies).
"""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import quote, urlencode
from urllib.request import Request, urlopen

from run import (
    AUTH,
    NODE,
    VIDMOCK_PREFIX,
    WORKLOADS,
    control_state,
    free_port,
    npm_install,
    print_table,
    running,
    wrk_run,
)

JSON_SERVER = NODE / "node_modules" / ".bin" / "json-server"
WEEK = urlencode({"date_time_from": "2026-11-10T00:00:00Z", "date_time_to": "2026-11-17T00:00:00Z"})
# (label, API, path and query below the API's prefix)
SMALL_ANSWERS = (
    ("IBM total-views/summary, 7 days", "ibm", f"/total-views/summary?{WEEK}"),
    ("IBM total-views/day, 7 days", "ibm", f"/total-views/day?{WEEK}"),
    ("IBM unique-devices/location, 7 days", "ibm", f"/unique-devices/location?{WEEK}"),
    ("IBM authenticated-viewers/live/summary", "ibm", f"/authenticated-viewers/live/summary?{WEEK}"),
    ("api.video GET /videos/{id}", "apivideo", "/videos/{id}"),
    ("Syngrafii GET /packages/{id}/videos", "syngrafii", "/packages/{id}/videos"),
    ("JTV GET activity/fav/{subscriber}", "jtv", "/metax/2.1/activity/fav/{id}"),
    ("Nomad GET /media/my-content", "nomad", "/media/my-content"),
)
# Where a path's {id} comes from: the first item of (API, collection) in vidmock's control API, this column.
FIRST_ID = {
    "apivideo": ("apivideo", "videos", "video_id"),
    "syngrafii": ("syngrafii", "videos", "package_id"),  # a package that has videos
    "jtv": ("jtv", "favorites", "subscriber_id"),
}
SMALL_LIMIT = 4096  # bytes of body
YEAR = {"date_time_from": "2026-01-01T00:00:00Z", "date_time_to": "2026-12-31T00:00:00Z"}
GUARD = 20.0
# json-server takes over a second a request under 32 connections: wait, rather than drop them.
PATIENCE = 30
MIX = next(label for label, _, mode in WORKLOADS if mode == "ibm-mixed")


def ensure_json_server() -> None:
    npm_install(JSON_SERVER, "json-server@0.17")


def _get(url: str, header: str) -> tuple[int, bytes]:
    name, value = header.split(": ", 1)
    try:
        with urlopen(Request(url, headers={name: value}), timeout=30) as response:
            return response.status, response.read()
    except HTTPError as error:
        return error.code, error.read()


def small_answer_paths(vidmock_base: str) -> list[tuple[str, str, str]]:
    """(label, API, path and query below the API's prefix), ids filled in from vidmock's store."""
    found = []
    for label, api, path in SMALL_ANSWERS:
        if "{id}" in path:
            key, collection, column = FIRST_ID[api]
            first = control_state(vidmock_base, key, collection, 1)["items"][0][column]
            path = path.format(id=quote(str(first), safe="@"))
        found.append((label, api, path))
    return found


def small_answers(
    wrk: str, vidmock_base: str, prism_ports: dict[str, int], paths: list[tuple[str, str, str]], args
) -> list[dict]:
    """Each small answer on vidmock and Prism: wrk's figures, body sizes and the ratio of req/s."""
    targets = []
    for label, api, path in paths:
        urls = {
            "vidmock": f"{vidmock_base}{VIDMOCK_PREFIX[api]}{path}",
            "prism": f"http://127.0.0.1:{prism_ports[api]}{path}",
        }
        sizes = {}
        for side, url in urls.items():
            status, body = _get(url, AUTH[api])
            # Prism may answer with any 2xx its spec lists; vidmock must give the 200 of a read.
            if not (status == 200 or (side == "prism" and 200 <= status < 300)):
                raise SystemExit(f"{side} answers {status} to {url}: {body[:300]!r}")
            sizes[side] = len(body)
        if sizes["vidmock"] > SMALL_LIMIT:
            print(f"warning: {urls['vidmock']} answers {sizes['vidmock']} bytes, over {SMALL_LIMIT}")
        targets.append((label, api, urls, sizes))
    rows = []
    for label, api, urls, sizes in targets:
        print(f"measuring {label} ...", flush=True)
        row = {"workload": label, "urls": urls, "body_bytes": sizes}
        for side, url in urls.items():
            wrk_run(wrk, url, AUTH[api], args.threads, args.connections, args.warmup)
            row[side] = wrk_run(wrk, url, AUTH[api], args.threads, args.connections, args.seconds)
        row["ratio"] = row["vidmock"]["rps"] / row["prism"]["rps"]
        rows.append(row)
    return rows


def ibm_segments(vidmock_base: str, page: int = 20000) -> list[dict]:
    """Every IBM segment as the control API's store rows, paged through."""
    rows: list[dict] = []
    while True:
        found = control_state(vidmock_base, "ibm-analytics", "segments", page, len(rows))
        rows += found["items"]
        if not found["items"] or len(rows) >= found["total"]:
            return rows


def json_server_guard(wrk: str, vidmock_base: str, args) -> dict:
    """The same filtered page of 10 from vidmock and from json-server over vidmock's segments."""
    print("measuring json-server against vidmock (a filtered page of 10) ...", flush=True)
    segments = ibm_segments(vidmock_base)
    kind, content = segments[0]["content_type"], segments[0]["content_id"]
    query = urlencode({**YEAR, "content_id": content, "_limit": 10})
    vidmock_url = f"{vidmock_base}{VIDMOCK_PREFIX['ibm']}/views/{kind}?{query}"
    page = urlencode({"content_id": content, "_page": 1, "_limit": 10})
    with tempfile.TemporaryDirectory(prefix="vidmock-json-server-") as scratch:
        db = Path(scratch) / "db.json"
        db.write_text(json.dumps({"segments": segments}))
        port = free_port()
        json_server_url = f"http://127.0.0.1:{port}/segments?{page}"
        command = [str(JSON_SERVER), "--host", "127.0.0.1", "--port", str(port), "--quiet", str(db)]
        # side: (URL, header, where the page's rows are in its answer)
        sides = {
            "vidmock": (vidmock_url, AUTH["ibm"], "data"),
            "json-server": (json_server_url, "Accept: application/json", None),
        }
        with running(command, json_server_url, {}):
            for url, sent, key in sides.values():
                status, body = _get(url, sent)
                if status != 200 or len(json.loads(body)[key] if key else json.loads(body)) != 10:
                    raise SystemExit(f"{url} answers {status}, not a page of 10: {body[:300]!r}")
            measured = {}
            for side, (url, sent, _) in sides.items():
                wrk_run(wrk, url, sent, args.threads, args.connections, args.warmup, PATIENCE)
                # json-server (one Node thread) still works through the requests wrk left in flight
                # at the end of the warm-up; this answer comes after them, so the measured run
                # starts on an idle server.
                _get(url, sent)
                measured[side] = wrk_run(
                    wrk, url, sent, args.threads, args.connections, args.seconds, PATIENCE
                )
    ratio = measured["vidmock"]["rps"] / max(measured["json-server"]["rps"], 1e-9)
    urls = {"vidmock": vidmock_url, "json-server": json_server_url}
    return {"segments": len(segments), "urls": urls, **measured, "ratio": ratio, "pass": ratio >= GUARD}


def geometric_mean(values: list[float]) -> float:
    return math.exp(sum(math.log(value) for value in values) / len(values))


def print_bytes(rows: list[dict]) -> None:
    """Answer bytes per second and per answer (status line and headers included), both sides."""
    print(f"\n{'answer bytes':<40}{'vidmock MiB/s':>14}{'B/answer':>10}{'prism MiB/s':>13}{'B/answer':>10}")
    for row in rows:
        v, p = row["vidmock"], row["prism"]
        print(
            f"{row['workload']:<40}{v['bytes_per_s'] / 2**20:>14.2f}{v['bytes_per_answer']:>10.0f}"
            f"{p['bytes_per_s'] / 2**20:>13.2f}{p['bytes_per_answer']:>10.0f}"
        )


def report_small(rows: list[dict]) -> None:
    print("\nsmall answers (body bytes vidmock/Prism):")
    print_table(rows)
    for row in rows:
        sizes = row["body_bytes"]
        print(f"  {row['workload']:<40}{sizes['vidmock']:>6} / {sizes['prism']} B   {row['urls']['vidmock']}")
    p99 = sum(row["vidmock"]["p99_ms"] <= row["prism"]["p99_ms"] for row in rows)
    print(
        f"geometric mean of the ratios {geometric_mean([row['ratio'] for row in rows]):.2f} (target >= 1.0); "
        f"vidmock's p99 no worse than Prism's on {p99} of {len(rows)}"
    )


def report_guard(guard: dict) -> None:
    v, j = guard["vidmock"], guard["json-server"]
    print(f"\njson-server 0.17 over the same {guard['segments']} IBM segments, a filtered page of 10:")
    for side, row in (("vidmock", v), ("json-server", j)):
        print(
            f"  {side:<12}{row['rps']:>8.0f} r/s  p50 {row['p50_ms']:.1f} ms  p99 {row['p99_ms']:.1f} ms  "
            f"non-2xx {row['non_2xx']}  timeouts {row['timeouts']}  {guard['urls'][side]}"
        )
    print(f"vidmock / json-server = {guard['ratio']:.1f} (guard >= {GUARD:.0f}): {_verdict(guard['pass'])}")


def _verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def summary(compare: list[dict], small: list[dict], cold: dict, guard: dict) -> dict:
    """The targets' figures in one place, printed and returned for bench/results/summary.json."""
    mix = next(row for row in compare if row["workload"] == MIX)
    found = {
        "small_answers_geomean": geometric_mean([row["ratio"] for row in small]),
        "small_answers_p99_no_worse": sum(
            row["vidmock"]["p99_ms"] <= row["prism"]["p99_ms"] for row in small
        ),
        "small_answers": len(small),
        "cold_start_ratio_medium_prism": cold["ratio_medium_prism"],
        "cold_start_ratio_medium_now_prism": cold["ratio_medium_now_prism"],
        "cold_start_medium_s": cold["vidmock medium"]["median_s"],
        "cold_start_prism_s": cold["prism ibm-analytics"]["median_s"],
        "cold_start_small_s": cold["vidmock small"]["median_s"],
        "ibm_mix_ratio": mix["ratio"],
        "ibm_mix_bytes_per_s": {side: mix[side]["bytes_per_s"] for side in ("vidmock", "prism")},
        "json_server_ratio": guard["ratio"],
    }
    mib = {side: rate / 2**20 for side, rate in found["ibm_mix_bytes_per_s"].items()}
    lines = (
        (
            "small answers, geometric mean vidmock/Prism",
            f"{found['small_answers_geomean']:.2f}",
            ">= 1.0",
            found["small_answers_geomean"] >= 1.0,
            "",
        ),
        (
            "small answers, vidmock p99 <= Prism's",
            f"{found['small_answers_p99_no_worse']} of {len(small)}",
            f"{len(small)} of {len(small)}",
            found["small_answers_p99_no_worse"] == len(small),
            "",
        ),
        (
            "cold start, vidmock medium / Prism",
            f"{found['cold_start_ratio_medium_prism']:.2f}",
            "<= 1.0",
            found["cold_start_ratio_medium_prism"] <= 1.0,
            f"{found['cold_start_medium_s']:.2f} s / {found['cold_start_prism_s']:.2f} s",
        ),
        (
            "cold start, vidmock medium --now / Prism",
            f"{found['cold_start_ratio_medium_now_prism']:.2f}",
            "<= 1.0",
            found["cold_start_ratio_medium_now_prism"] <= 1.0,
            "the world copied from its file",
        ),
        (
            "cold start, vidmock small",
            f"{found['cold_start_small_s']:.2f} s",
            "<= 0.7 s",
            found["cold_start_small_s"] <= 0.7,
            "",
        ),
        (
            "IBM mix, vidmock/Prism",
            f"{found['ibm_mix_ratio']:.2f}",
            ">= 0.5",
            found["ibm_mix_ratio"] >= 0.5,
            f"bytes/s {mib['vidmock']:.1f} / {mib['prism']:.1f} MiB",
        ),
    )
    print("\nsummary")
    for name, value, target, met, note in lines:
        print(f"  {name:<46}{value:>10}   target {target:<10}{'met' if met else 'NOT MET':<9}{note}")
    name, verdict = "json-server guard, vidmock / json-server", _verdict(guard["pass"])
    print(f"  {name:<46}{guard['ratio']:>10.1f}   guard  >= {GUARD:<7.0f}{verdict}")
    return found
