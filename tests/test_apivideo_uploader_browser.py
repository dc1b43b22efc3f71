"""api.video's own browser uploader, `@api.video/video-uploader` 1.1.6 from npm (`make node`
puts it in `.cache/node`), run unchanged in a headless Chromium against the mock over HTTPS:
a page on another origin loads the package's UMD file and uploads a 12 MiB file picked in a
file input in three chunks of 5 MiB, with an upload token and with an access token. Chromium
trusts the mock's certificate by its key (`--ignore-certificate-errors-spki-list`), as the
banner says. The mock then holds a video whose source is exactly that file."""

from __future__ import annotations

import random
import ssl
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from apivideo_uploads import SAMPLE, source_of
from headless_chromium import WAIT, chromium, https_mock, serve_pages, trusting, wait
from vidmock.apis.apivideo.media import encoder
from vidmock.tls import certificates

ROOT = Path(__file__).resolve().parent.parent
UPLOADER = ROOT / ".cache/node/node_modules/@api.video/video-uploader/dist/index.js"
MiB = 1024 * 1024
FILE = random.Random(12).randbytes(12 * MiB)
DEV = {"Authorization": "Bearer dev-token"}

PAGE = """<!doctype html>
<title>upload</title>
<input type="file" id="file">
<script src="/video-uploader.js"></script>
"""
# Runs in the page (selenium's execute_async_script); the last argument is the callback.
UPLOAD = """
const [options, done] = [arguments[0], arguments[arguments.length - 1]];
const file = document.getElementById("file").files[0];
const uploader = new VideoUploader({...options, file, chunkSize: 5 * 1024 * 1024});
const chunks = [];
uploader.onProgress((e) => chunks[e.currentChunk - 1] = [e.currentChunk, e.chunksCount]);
uploader.upload().then(
  (video) => done({videoId: video.videoId, title: video.title, chunks: chunks}),
  (error) => done({error: error}),
);
"""


@pytest.fixture(scope="module")
def mock(tmp_path_factory) -> Iterator[tuple[Any, str, certificates.LocalTls]]:
    with https_mock(tmp_path_factory.mktemp("tls")) as served:
        yield served


@pytest.fixture(scope="module")
def page() -> Iterator[str]:
    """Another origin: a loopback HTTP server with the page and the uploader's UMD file."""
    assert UPLOADER.is_file(), f"{UPLOADER} is missing: run `make node` (make test does)"
    files = {
        "/": (PAGE.encode(), "text/html"),
        "/video-uploader.js": (UPLOADER.read_bytes(), "text/javascript"),
    }

    server, url = serve_pages(files)
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def browser(mock):
    with chromium(flags=trusting(mock[2])) as driver:
        driver.set_script_timeout(WAIT * 4)
        yield driver


@pytest.fixture(scope="module")
def picked(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("upload") / "clip.mp4"
    path.write_bytes(FILE)
    return path


def upload_in_browser(browser, page: str, picked: Path, options: dict[str, Any]) -> dict[str, Any]:
    browser.get(page)
    browser.find_element("id", "file").send_keys(str(picked))
    return browser.execute_async_script(UPLOAD, options)


def chunk_headers(app, path: str) -> list[tuple[str | None, str | None]]:
    """Content-Range and AV-Origin-Client of each POST to `path`, oldest first."""
    sent = [e["request"]["headers"] for e in reversed(app.world.journal.entries(path=path, method="POST"))]
    return [(h.get("content-range"), h.get("av-origin-client")) for h in sent]


def test_the_uploader_sends_a_file_in_chunks_with_an_upload_token(mock, page, picked, browser):
    app, url, tls = mock
    context = ssl.create_default_context(cafile=str(tls.ca_file))
    token = httpx.post(f"{url}/apivideo/upload-tokens", headers=DEV, json={}, verify=context).json()["token"]
    api_host = url.removeprefix("https://") + "/apivideo"
    app.world.journal.clear()

    result = upload_in_browser(browser, page, picked, {"uploadToken": token, "apiHost": api_host})

    assert "error" not in result, result
    assert result["title"] == "clip.mp4"
    assert result["chunks"] == [[1, 3], [2, 3], [3, 3]]
    assert source_of(app, result["videoId"]) == FILE
    sent = chunk_headers(app, "/apivideo/upload")
    assert [part for part, _ in sent] == ["part 1/3", "part 2/3", "part 3/3"]
    assert {client for _, client in sent} == {"typescript-uploader:1.1.6"}


def test_the_uploader_sends_a_file_in_chunks_with_an_access_token(mock, page, picked, browser):
    app, url, tls = mock
    context = ssl.create_default_context(cafile=str(tls.ca_file))
    with httpx.Client(base_url=f"{url}/apivideo", verify=context) as client:
        access = client.post("/auth/api-key", json={"apiKey": "dev-key"}).json()["access_token"]
        video_id = client.post("/videos", headers=DEV, json={"title": "From the browser"}).json()["videoId"]
    api_host = url.removeprefix("https://") + "/apivideo"
    app.world.journal.clear()

    options = {"accessToken": access, "videoId": video_id, "apiHost": api_host}
    result = upload_in_browser(browser, page, picked, options)

    assert "error" not in result, result
    assert result["videoId"] == video_id and result["title"] == "From the browser"
    assert result["chunks"] == [[1, 3], [2, 3], [3, 3]]
    assert source_of(app, video_id) == FILE
    sent = chunk_headers(app, f"/apivideo/videos/{video_id}/source")
    assert [part for part, _ in sent] == ["part 1/3", "part 2/3", "part 3/3"]


def test_the_uploader_refreshes_an_expired_access_token_and_goes_on(mock, page, picked, browser):
    app, url, tls = mock
    context = ssl.create_default_context(cafile=str(tls.ca_file))
    with httpx.Client(base_url=f"{url}/apivideo", verify=context) as client:
        tokens = client.post("/auth/api-key", json={"apiKey": "dev-key"}).json()
        video_id = client.post("/videos", headers=DEV, json={"title": "Refreshed"}).json()["videoId"]
        assert client.put(f"{url}/__admin/clock", json={"advance": "61m"}).status_code == 200
    api_host = url.removeprefix("https://") + "/apivideo"
    app.world.journal.clear()

    options = {
        "accessToken": tokens["access_token"],  # an hour old: the first chunk gets a 401
        "refreshToken": tokens["refresh_token"],
        "videoId": video_id,
        "apiHost": api_host,
    }
    result = upload_in_browser(browser, page, picked, options)

    assert "error" not in result, result
    assert result["videoId"] == video_id
    assert source_of(app, video_id) == FILE
    refreshes = app.world.journal.entries(path="/apivideo/auth/refresh", method="POST")
    assert [entry["status"] for entry in refreshes] == [200]
    assert refreshes[0]["request"]["headers"]["content-type"].startswith("text/plain")


# Uploads the picked file and records when the uploader's onPlayable fires (it polls assets.hls
# every 500 ms until the answer is no longer a 202).
UPLOAD_AND_WATCH = """
const [options, done] = [arguments[0], arguments[arguments.length - 1]];
const file = document.getElementById("file").files[0];
const uploader = new VideoUploader({...options, file});
window.playable = null;
uploader.onPlayable((video) => { window.playable = video.videoId; });
uploader.upload().then((video) => done({videoId: video.videoId}), (error) => done({error: error}));
"""


def test_the_uploaders_on_playable_waits_for_the_first_quality(mock, page, browser, tmp_path):
    _app, url, tls = mock
    context = ssl.create_default_context(cafile=str(tls.ca_file))
    token = httpx.post(f"{url}/apivideo/upload-tokens", headers=DEV, json={}, verify=context).json()["token"]
    clip_file = tmp_path / "clip.mp4"
    clip_file.write_bytes(SAMPLE)
    browser.get(page)
    browser.find_element("id", "file").send_keys(str(clip_file))
    options = {"uploadToken": token, "apiHost": url.removeprefix("https://") + "/apivideo"}
    result = browser.execute_async_script(UPLOAD_AND_WATCH, options)
    assert "error" not in result, result
    encoder.wait_idle()
    time.sleep(1.5)  # three polls of assets.hls, each a 202: the clock has not reached 240p
    assert browser.execute_script("return window.playable;") is None
    assert httpx.put(f"{url}/__admin/clock", json={"advance": "10s"}, verify=context).status_code == 200
    wait(browser, lambda d: d.execute_script("return window.playable;"))
    assert browser.execute_script("return window.playable;") == result["videoId"]
