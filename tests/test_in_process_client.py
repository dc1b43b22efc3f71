"""The in-process mock as a test suite uses it: its clients answer from many threads at once, a
dropped connection fails the call as it would against a server, a process that never closes its
mock still exits, and a mock whose world is read from a kept file loads no library a dev-token
api.video read does not use."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from vidmock.tenants.names import HEADER as TENANT_HEADER
from vidmock.testing import InProcess

SRC = Path(__file__).resolve().parents[1] / "src"


def run_python(script: str, cache: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(SRC), "VIDMOCK_CACHE_DIR": str(cache)}
    return subprocess.run(
        [sys.executable, "-W", "ignore", "-c", script], env=env, capture_output=True, text=True, timeout=120
    )


def test_clients_answer_from_many_threads_at_once(vidmock):
    videos = vidmock.client("apivideo")
    start, statuses = threading.Barrier(8), []

    def create(n: int) -> None:
        start.wait()
        statuses.append(videos.post("/videos", json={"title": f"threaded-{n}"}).status_code)

    threads = [threading.Thread(target=create, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [201] * 8
    titles = {v["title"] for v in videos.get("/videos", params={"pageSize": 100}).json()["data"]}
    assert {f"threaded-{n}" for n in range(8)} <= titles


def test_a_process_that_never_closes_its_mock_still_exits(tmp_path):
    script = """
from vidmock.testing import Session
session = Session()
mock = session.tenant().__enter__()
print(mock.client("apivideo").get("/videos").status_code)
"""
    done = run_python(script, tmp_path)
    assert (done.returncode, done.stdout.strip()) == (0, "200"), done.stderr[-2000:]


def test_a_kept_world_serves_api_video_reads_without_numpy_pillow_pyjwt_or_cryptography(tmp_path):
    script = """
import sys
from vidmock.testing import Session
with Session().tenant() as mock:
    assert mock.client("apivideo").get("/videos").status_code == 200
    assert mock.client("apivideo").get("/players").status_code == 200
print(sorted(name for name in ("numpy", "PIL", "jwt", "cryptography", "uvicorn") if name in sys.modules))
"""
    seeded = run_python(script, tmp_path)  # the first start seeds (numpy draws IBM's world)
    assert seeded.returncode == 0, seeded.stderr[-2000:]
    loaded = run_python(script, tmp_path)
    assert (loaded.returncode, loaded.stdout.strip()) == (0, "[]"), loaded.stderr[-2000:]


def test_a_dropped_connection_is_a_transport_error_as_from_a_served_mock(vidmock):
    control = httpx.Client(
        transport=InProcess(vidmock.app),
        base_url=f"{vidmock.root}/__admin",
        headers={TENANT_HEADER: vidmock.tenant},
    )
    assert control.post("/faults", json={"match": {"api": "nomad"}, "drop": True}).status_code == 201
    with pytest.raises(httpx.RemoteProtocolError):
        vidmock.client("nomad").get("/media/my-content")
    assert vidmock.client("apivideo").get("/videos").status_code == 200
