"""`vidmock serve --https-port` as a user runs it: one process serving HTTP and HTTPS over one
world, its CA made on the first start and kept for the next (`VIDMOCK_TLS_DIR` points the
tests at a folder of their own), or the user's own certificate with `--tls-cert/--tls-key`."""

from __future__ import annotations

import os
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from vidmock.tls import certificates

DEV = {"Authorization": "Bearer dev-token"}


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


@contextmanager
def vidmock_serve(tls_dir: Path, *args: str, host: str = "127.0.0.1") -> Iterator[dict[str, str]]:
    """`vidmock serve` with HTTPS on free ports of `host`; yields the two URLs, and after the
    block the banner under "output"."""
    port, https_port = free_port(host), free_port(host)
    command = [sys.executable, "-m", "vidmock.cli.main", "serve", "--host", host, "--port", str(port)]
    command += ["--https-port", str(https_port), "--size", "small", "--now", "2026-11-24T12:00:00Z", *args]
    env = {**os.environ, "COLUMNS": "200", "VIDMOCK_TLS_DIR": str(tls_dir)}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    urls = {"http": f"http://{host}:{port}", "https": f"https://{host}:{https_port}"}
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, f"vidmock serve exited with {process.returncode}"
            assert time.monotonic() < deadline, "vidmock serve did not answer within 60 s"
            try:
                httpx.get(f"{urls['http']}/__admin/health", timeout=1.0)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        yield urls
    finally:
        process.send_signal(signal.SIGINT)
        urls["output"], _ = process.communicate(timeout=30)
    assert process.returncode == 0


def trusting(ca_file: Path) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(ca_file))


def test_https_beside_http_one_world_and_the_ca_kept_for_the_next_start(tmp_path):
    ca_file = tmp_path / "ca.pem"
    with vidmock_serve(tmp_path) as urls:
        with httpx.Client(verify=trusting(ca_file), headers=DEV) as client:
            created = client.post(f"{urls['https']}/apivideo/videos", json={"title": "Both ways"})
            served_ca = client.get(f"{urls['https']}/__admin/tls/ca.pem").content
        assert created.status_code == 201
        assert created.json()["assets"]["player"].startswith(f"{urls['https']}/apivideo/vod/")
        video_id = created.json()["videoId"]
        seen = httpx.get(f"{urls['http']}/apivideo/videos/{video_id}", headers=DEV).json()
        assert seen["assets"]["player"] == f"{urls['http']}/apivideo/vod/{video_id}/player"
    ca, certificate = ca_file.read_bytes(), (tmp_path / "cert.pem").read_bytes()
    assert served_ca == ca
    pin = certificates.spki_sha256(certificate)
    assert f"the same APIs and world on {urls['https']}" in urls["output"]
    assert f"CA certificate: {ca_file}  (also GET /__admin/tls/ca.pem)" in urls["output"]
    assert f"trust it: curl --cacert {ca_file}; NODE_EXTRA_CA_CERTS={ca_file}; " in urls["output"]
    assert f"--ignore-certificate-errors-spki-list={pin}" in urls["output"]

    # The next start, bound to another loopback address: the same CA, its certificate re-issued
    # with that address too.
    with vidmock_serve(tmp_path, host="127.0.0.2") as urls:
        health = httpx.get(f"{urls['https']}/__admin/health", verify=trusting(ca_file))
        assert health.json()["status"] == "ok"
    assert ca_file.read_bytes() == ca
    assert certificates.san_names((tmp_path / "cert.pem").read_bytes()) == [
        "127.0.0.1",
        "127.0.0.2",
        "localhost",
    ]


def test_a_certificate_of_ones_own_is_served_and_the_mock_has_no_ca_to_offer(tmp_path):
    own = certificates.ensure(["127.0.0.1"], tmp_path / "own")  # as if from the user's own CA
    mine = ["--tls-cert", str(own.cert_file), "--tls-key", str(own.key_file)]
    with vidmock_serve(tmp_path / "unused", *mine) as urls:
        health = httpx.get(f"{urls['https']}/__admin/health", verify=trusting(own.ca_file))
        missing = httpx.get(f"{urls['http']}/__admin/tls/ca.pem")
    assert health.status_code == 200
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
    assert f"certificate: {own.cert_file} (yours)" in urls["output"]
    assert not (tmp_path / "unused").exists()
