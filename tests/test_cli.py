"""`vidmock serve` as a user runs it: a real process on a loopback port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
from click.testing import CliRunner

from vidmock.cli import main


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"vidmock serve exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {timeout} s")


def test_serve_answers_with_seeded_data_and_prints_the_base_urls():
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        "-m",
        "vidmock.cli",
        "serve",
        "--port",
        str(port),
        "--size",
        "small",
        "--now",
        "2026-11-24T12:00:00Z",
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    try:
        wait_for(f"{base}/__admin/health", process)
        response = httpx.get(
            f"{base}/ibm-analytics/v1/views",
            headers={"Authorization": "dev-token"},
            params={
                "date_time_from": "2026-08-01T00:00:00Z",
                "date_time_to": "2026-11-24T12:00:00Z",
                "_limit": 3,
            },
        )
        assert response.status_code == 200
        body = response.json()
        assert len(body["data"]) == 3 and body["pagination"]["count"] > 3
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    assert f"{base}/ibm-analytics/v1" in output
    assert "dev-token" in output


def test_serve_rejects_an_unknown_api_and_a_naive_now():
    runner = CliRunner()
    unknown = runner.invoke(main, ["serve", "--api", "youtube"])
    assert unknown.exit_code == 2 and "unknown API 'youtube'" in unknown.output
    naive = runner.invoke(main, ["serve", "--now", "2026-11-24T12:00:00"])
    assert naive.exit_code == 2 and "needs an offset" in naive.output
