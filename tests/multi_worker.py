"""`vidmock serve --workers N` run as a real subprocess on a free loopback port, over a SQLite
file or a PostgreSQL database, and a way to send many requests at once so that every worker answers some."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

BEARER = {"Authorization": "Bearer dev-token"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served_workers(
    db_url: str, log_file: Path, workers: int = 2, *args: str, timeout: float = 60.0
) -> Iterator[tuple[str, Any]]:
    """Yield (root URL, the process) of `vidmock serve --workers N --db db_url`, its output
    written to `log_file`; stopped (SIGTERM, then SIGKILL of its group) when the block ends."""
    port = free_port()
    command = [sys.executable, "-m", "vidmock.cli.main", "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += [
        "--workers",
        str(workers),
        "--db",
        db_url,
        "--size",
        "small",
        "--quiet",
        *args,
    ]
    log = open(log_file, "w+b")  # noqa: SIM115 - read after the process ends
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(url + "/__admin/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"vidmock serve --workers did not start:\n{log.read().decode()}")
            time.sleep(0.1)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)
        log.close()


# The two stores several workers share: a SQLite file and a throwaway PostgreSQL database.
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]


def two_workers_over(request: pytest.FixtureRequest, folder: Path) -> Iterator[str]:
    """For a fixture parametrized with `BACKENDS`: the URL of `--workers 2` over that store."""
    if request.param == "sqlite":
        with served_workers(f"sqlite:///{folder / 'vidmock.db'}", folder / "serve.log", 2) as (url, _process):
            yield url
        return
    server = request.getfixturevalue("postgres_server")
    db_url = server.database()
    try:
        with served_workers(db_url, folder / "serve.log", 2) as (url, _process):
            yield url
    finally:
        server.drop(db_url)


def all_at_once(count: int, send: Callable[[int, httpx.Client], httpx.Response]) -> list[httpx.Response]:
    """`send(i, client)` from `count` threads, each on its own connection, released together
    (so the connections spread over the workers); the answers in the order of `i`."""
    gate = threading.Barrier(count, timeout=20)

    def one(i: int) -> httpx.Response:
        with httpx.Client(timeout=30, headers=BEARER) as client:
            gate.wait()
            return send(i, client)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


def until_every_worker_answers(
    url: str,
    workers: int,
    count: int,
    send: Callable[[int, httpx.Client], httpx.Response],
    *,
    rounds: int = 25,
    **journal_filters: Any,
) -> tuple[list[httpx.Response], set[int]]:
    """`all_at_once(count, send)` again until the journal entries matching `journal_filters` since
    the first burst come from `workers` workers, at most `rounds` bursts; (every answer, the
    workers seen). Which worker accepts a connection is the kernel's choice, so on a busy machine
    one burst can all land on one worker."""
    with httpx.Client(timeout=30) as client:
        since = client.get(url + "/__admin/requests", params={"limit": 1}).json()["requests"][0]["id"]
        answers: list[httpx.Response] = []
        seen: set[int] = set()
        for _ in range(rounds):
            answers += all_at_once(count, send)
            params = {"since": since, "limit": 1000, **journal_filters}
            entries = client.get(url + "/__admin/requests", params=params).json()["requests"]
            seen = {entry["worker"] for entry in entries}
            if len(seen) >= workers:
                break
    return answers, seen


def in_batches(
    total: int, width: int, send: Callable[[int, httpx.Client], httpx.Response]
) -> list[httpx.Response]:
    """`total` calls of `send`, `width` at a time; the answers in the order of `i`."""
    answers: list[httpx.Response] = []
    for start in range(0, total, width):
        size = min(width, total - start)
        answers += all_at_once(size, lambda i, client, start=start: send(start + i, client))
    return answers
