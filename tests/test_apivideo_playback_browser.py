"""A real headless Chromium (Debian's `chromium` and `chromium-driver`) plays an uploaded video
from its `assets.mp4` (the MP4 rendition the mock encoded) on a page served from another
origin, in CORS mode (`crossorigin`), as a web app embedding api.video's MP4 does."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import ThreadingHTTPServer

import httpx
import pytest

from apivideo_uploads import SAMPLE
from conftest import make_app
from headless_chromium import chromium, serve_pages, wait
from vidmock.apis.apivideo.media import encoder
from vidmock.testing import serving

DEV = {"Authorization": "Bearer dev-token"}


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    with serving(make_app()) as url:
        yield url


def page_server(html: str) -> tuple[ThreadingHTTPServer, str]:
    """Another origin: a loopback server on its own port answering `/` with `html`."""
    return serve_pages({"/": (html.encode(), "text/html")})


@pytest.fixture(scope="module")
def browser():
    with chromium(window="1280,1000") as driver:
        yield driver


def test_the_uploaded_mp4_plays_on_a_page_of_another_origin(browser, mock_url):
    api = f"{mock_url}/apivideo"
    video_id = httpx.post(f"{api}/videos", headers=DEV, json={"title": "Played"}).json()["videoId"]
    files = {"file": ("clip.mp4", SAMPLE, "video/mp4")}
    mp4 = httpx.post(f"{api}/videos/{video_id}/source", headers=DEV, files=files).json()["assets"]["mp4"]
    encoder.wait_idle()
    assert httpx.put(f"{mock_url}/__admin/clock", json={"advance": "1m"}).status_code == 200
    server, page = page_server(
        f'<!doctype html><video id="v" crossorigin="anonymous" preload="auto" muted src="{mp4}"></video>'
    )
    try:
        assert page.split("/")[2] != mock_url.split("/")[2]  # another origin: another port
        browser.get(page)
        ready = wait(
            browser,
            lambda d: d.execute_script(
                "const v = document.getElementById('v');"
                "return v.error ? 'error ' + v.error.code : (v.readyState >= 2 ? v.readyState : null);"
            ),
        )
        assert ready in (2, 3, 4), ready
        size = browser.execute_script(
            "const v = document.getElementById('v');"
            "return [v.videoWidth, v.videoHeight, Math.round(v.duration)];"
        )
        assert size == [320, 240, 2]  # the MP4 rendition of the 2 s clip
    finally:
        server.shutdown()
