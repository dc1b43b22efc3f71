"""api.video's official Node.js client, `@api.video/nodejs-client` 2.2.9 and 2.6.8 from npm
(`make node` puts them in `.cache/node`), run unchanged by `node` against the mock over HTTPS
(the mock's CA given as `NODE_EXTRA_CA_CERTS`, as the banner says): it authenticates with the
API key (2.2.9 exchanges it at `/auth/api-key`, 2.6.8 sends it as HTTP Basic), creates
videos and upload tokens, and uploads whole files, 5 MiB chunks (`Content-Range: part N/M`) and
progressive parts, each in a part named after the file. The mock then holds exactly the bytes
sent."""

from __future__ import annotations

import base64
import json
import os
import random
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from apivideo_uploads import SAMPLE, source_of
from headless_chromium import https_mock
from vidmock.tls import certificates

ROOT = Path(__file__).resolve().parent.parent
NODE_DIR = ROOT / ".cache/node"
# version -> the package name it is installed under (tests/js/package.json aliases the newer).
CLIENTS = {"2.2.9": "@api.video/nodejs-client", "2.6.8": "apivideo-nodejs-client-2.6"}
SCRIPT = ROOT / "tests/js/node_client_upload.mjs"
MiB = 1024 * 1024
LARGE = random.Random(12).randbytes(12 * MiB)


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[Any, str, certificates.LocalTls]]:
    """The mock over HTTPS (with its local CA's certificate): its app, base URL and CA."""
    for package in CLIENTS.values():
        installed = NODE_DIR / "node_modules" / package / "package.json"
        assert installed.is_file(), f"{installed} is missing: run `make node` (make test does)"
    with https_mock(tmp_path_factory.mktemp("tls")) as served:
        yield served


@pytest.fixture(scope="module")
def mock(served) -> tuple[Any, str]:
    return served[0], served[1]


@pytest.fixture(scope="module")
def tls(served) -> certificates.LocalTls:
    return served[2]


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """The small clip, the 12 MiB file and the clip cut in three parts, on disk (the client
    takes paths)."""
    folder = tmp_path_factory.mktemp("node-upload")
    third = len(SAMPLE) // 3
    contents = {
        "clip.mp4": SAMPLE,
        "large.mp4": LARGE,
        "part1.mp4": SAMPLE[:third],
        "part2.mp4": SAMPLE[third : 2 * third],
        "part3.mp4": SAMPLE[2 * third :],
    }
    for name, data in contents.items():
        (folder / name).write_bytes(data)
    return {name: folder / name for name in contents}


@pytest.fixture(params=list(CLIENTS))
def version(request) -> str:
    """The client's version."""
    return request.param


def run_client(
    mock, tls, version: str, mode: str, *paths: Path, chunk_size: int | None = None
) -> dict[str, Any]:
    """Runs the client script (tests/js/node_client_upload.mjs) once with the client of
    `version`; its JSON answer."""
    app, url = mock
    app.world.journal.clear()
    env = {
        **os.environ,
        "NODE_MODULES_DIR": str(NODE_DIR),
        "CLIENT_PACKAGE": CLIENTS[version],
        "BASE_URI": f"{url}/apivideo",
        "API_KEY": "dev-key",
        "NODE_EXTRA_CA_CERTS": str(tls.ca_file),
    }
    if chunk_size is not None:
        env["CHUNK_SIZE"] = str(chunk_size)
    done = subprocess.run(
        ["node", str(SCRIPT), mode, *map(str, paths)], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)


def posts(app, path: str) -> list[dict[str, Any]]:
    """The journal's POSTs to `path` itself (the journal's filter takes a prefix), oldest first."""
    entries = app.world.journal.entries(path=path, method="POST")
    return [entry for entry in reversed(entries) if entry["path"] == path]


def ranges(app, path: str) -> list[str | None]:
    return [entry["request"]["headers"].get("content-range") for entry in posts(app, path)]


def test_a_small_file_goes_in_one_request_in_a_part_named_after_the_file(mock, tls, version, files):
    app, _ = mock
    result = run_client(mock, tls, version, "upload", files["clip.mp4"])

    video_id = result["created"]
    assert result == {"created": video_id, "videoId": video_id, "title": "From Node.js"}
    assert source_of(app, video_id) == SAMPLE
    [sent] = posts(app, f"/apivideo/videos/{video_id}/source")
    assert sent["request"]["headers"].get("content-range") is None
    assert sent["request"]["headers"]["av-origin-client"] == f"nodejs:{version}"
    body = base64.b64decode(sent["request"]["body"]["base64"])
    assert b'Content-Disposition: form-data; name="clip.mp4"; filename="clip.mp4"' in body


def test_a_file_larger_than_the_chunk_size_goes_in_numbered_chunks(mock, tls, version, files):
    app, _ = mock
    result = run_client(mock, tls, version, "upload", files["large.mp4"], chunk_size=5 * MiB)

    video_id = result["created"]
    assert result["videoId"] == video_id
    assert source_of(app, video_id) == LARGE
    assert ranges(app, f"/apivideo/videos/{video_id}/source") == ["part 1/3", "part 2/3", "part 3/3"]


def test_an_upload_token_uploads_a_new_video_titled_after_the_file(mock, tls, version, files):
    app, _ = mock
    result = run_client(mock, tls, version, "token", files["clip.mp4"])

    assert result["title"] == "clip.mp4"
    assert source_of(app, result["videoId"]) == SAMPLE
    assert ranges(app, "/apivideo/upload") == [None]


def test_an_upload_token_uploads_a_large_file_in_chunks_without_naming_the_video(mock, tls, version, files):
    app, _ = mock
    result = run_client(mock, tls, version, "token", files["large.mp4"], chunk_size=5 * MiB)

    assert result["title"] == "large.mp4"
    assert source_of(app, result["videoId"]) == LARGE
    assert ranges(app, "/apivideo/upload") == ["part 1/3", "part 2/3", "part 3/3"]


def test_a_progressive_session_sends_parts_until_the_last(mock, tls, version, files):
    app, _ = mock
    parts = [files["part1.mp4"], files["part2.mp4"], files["part3.mp4"]]
    result = run_client(mock, tls, version, "progressive", *parts)

    video_id = result["created"]
    assert result == {"created": video_id, "videoId": video_id, "title": "Progressive"}
    assert source_of(app, video_id) == SAMPLE
    assert ranges(app, f"/apivideo/videos/{video_id}/source") == ["part 1/*", "part 2/*", "part 3/3"]


def test_the_client_signs_in_as_its_version_does(mock, tls, version, files):
    app, _ = mock
    result = run_client(mock, tls, version, "upload", files["clip.mp4"])

    exchanged = posts(app, "/apivideo/auth/api-key")
    [sent] = posts(app, f"/apivideo/videos/{result['created']}/source")
    scheme = sent["request"]["headers"]["authorization"].split()[0]
    if version == "2.2.9":  # the key exchanged for an access token, then Bearer
        assert (len(exchanged), scheme) == (1, "Bearer")
    else:  # the key itself, as the Basic user name
        assert (exchanged, scheme) == ([], "Basic")
