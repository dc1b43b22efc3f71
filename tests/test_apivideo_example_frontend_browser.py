"""The example app `examples/apivideo-frontend/` (one static page with api.video's uploader and
player SDK, from `.cache/node` as its own `npm install` would put them) runs end to end in a
headless Chromium against the mock over HTTPS: it uploads a file with an upload token, waits
until the video is playable, plays it to the end in the SDK's player and lists the analytics of
that play."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from apivideo_player_browser import ROOT, api, browser, mock, tls
from apivideo_uploads import SAMPLE
from headless_chromium import serve_pages, wait
from vidmock.apis.apivideo.media import encoder

__all__ = ["api", "browser", "mock", "tls"]
EXAMPLE = ROOT / "examples" / "apivideo-frontend"
PACKAGES = ROOT / ".cache" / "node" / "node_modules"
SCRIPTS = ["@api.video/video-uploader/dist/index.js", "@api.video/player-sdk/dist/index.js"]


@pytest.fixture(scope="module")
def example() -> Iterator[str]:
    """The example's folder served as `npx serve` would after `npm install` (another origin)."""
    files = {
        "/": ((EXAMPLE / "index.html").read_bytes(), "text/html"),
        "/app.js": ((EXAMPLE / "app.js").read_bytes(), "text/javascript"),
    }
    for script in SCRIPTS:
        assert (PACKAGES / script).is_file(), f"{PACKAGES / script} is missing: run `make node`"
        files[f"/node_modules/{script}"] = ((PACKAGES / script).read_bytes(), "text/javascript")
    server, url = serve_pages(files)
    yield url
    server.shutdown()


def text_of(browser, selector: str) -> str:
    return browser.execute_script("return document.querySelector(arguments[0]).textContent;", selector)


def test_the_example_uploads_plays_and_lists_the_analytics_of_the_play(
    browser, example, mock, api, tls, tmp_path
):
    _app, url = mock
    token = api.post("/upload-tokens", json={}).json()["token"]
    picked = Path(tmp_path) / "clip.mp4"
    picked.write_bytes(SAMPLE)  # 2 s, 320x240

    browser.get(example)
    browser.find_element("id", "api").clear()
    browser.find_element("id", "api").send_keys(f"{url}/apivideo")
    browser.find_element("id", "upload-token").send_keys(token)
    browser.find_element("id", "file").send_keys(str(picked))
    browser.find_element("css selector", "#setup button").click()

    wait(browser, lambda d: "Encoding" in text_of(d, "#status"))
    encoder.wait_idle()
    context = ssl.create_default_context(cafile=str(tls.ca_file))
    assert httpx.put(f"{url}/__admin/clock", json={"advance": "1m"}, verify=context).status_code == 200
    wait(browser, lambda d: d.find_element("id", "play").is_enabled())
    browser.find_element("id", "play").click()

    wait(browser, lambda d: text_of(d, "#status").startswith("Analytics"))
    listed = browser.execute_script(
        "return [...document.querySelectorAll('#events li')].map((li) => li.textContent);"
    )
    assert listed == ["ready at 0 s", "play at 0 s", "end at 2 s"]
    video_id = browser.execute_script(
        "return new URL(document.querySelector('#player iframe').src).searchParams.get('id');"
    )
    [session] = api.get(f"/analytics/videos/{video_id}", params={"period": "2026-11-24"}).json()["data"]
    assert text_of(browser, "#session").startswith(
        f"Session {session['session']['sessionId']}, loaded {session['session']['loadedAt']}: Headless Chrome"
    )
