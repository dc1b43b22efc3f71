"""hls.js (npm, from `.cache/node`: `make node`) in a real headless Chromium plays `assets.hls`
of an uploaded video over HTTPS (the mock's local CA trusted, as the banner says) from a page of
another origin: one level per encoded quality, playback past 2 s. The page and hls.js are served
by the test on loopback, never by a CDN."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from headless_chromium import chromium, https_mock, serve_pages, trusting, wait
from media_clips import clip
from vidmock.apis.apivideo.media import encoder

DEV = {"Authorization": "Bearer dev-token"}
HLS_JS = Path(__file__).resolve().parent.parent / ".cache/node/node_modules/hls.js/dist/hls.min.js"
SCRIPT = """
window.seen = {levels: null, errors: [], fragments: 0};
const video = document.getElementById('v');
const hls = new Hls();
hls.on(Hls.Events.MANIFEST_PARSED, (_, data) => {
  seen.levels = data.levels.map((l) => [l.width, l.height, l.bitrate]);
  video.play();
});
hls.on(Hls.Events.FRAG_LOADED, () => { seen.fragments += 1; });
hls.on(Hls.Events.ERROR, (_, data) => { seen.errors.push(data.details + (data.fatal ? ' (fatal)' : '')); });
hls.loadSource(document.body.dataset.src);
hls.attachMedia(video);
"""
PLAYED = """
const v = document.getElementById('v');
if (v.error) return 'error ' + v.error.code;
return v.currentTime > 2 ? v.currentTime : null;
"""


@pytest.fixture(scope="module")
def mock(tmp_path_factory) -> Iterator[tuple[Any, str, Any]]:
    with https_mock(tmp_path_factory.mktemp("tls"), encoding_step=1.0) as served:
        yield served


def test_hls_js_plays_every_encoded_quality_of_an_upload(mock):
    assert HLS_JS.is_file(), f"{HLS_JS} is missing: run `make node` (make test does)"
    _app, url, tls = mock
    with httpx.Client(
        base_url=f"{url}/apivideo", verify=ssl.create_default_context(cafile=tls.ca_file)
    ) as api:
        video_id = api.post("/videos", headers=DEV, json={"title": "Streamed"}).json()["videoId"]
        files = {"file": ("clip.mp4", clip(5, 640, 360, 24), "video/mp4")}
        hls = api.post(f"/videos/{video_id}/source", headers=DEV, files=files).json()["assets"]["hls"]
        encoder.wait_idle()
        assert api.put(f"{url}/__admin/clock", json={"advance": "1m"}).status_code == 200
        statuses = api.get(f"/videos/{video_id}/status", headers=DEV).json()["encoding"]["qualities"]
    assert hls == f"{url}/apivideo/vod/{video_id}/hls/manifest.m3u8"  # the scheme it was asked on
    assert statuses == [{"quality": "240p", "status": "encoded"}, {"quality": "360p", "status": "encoded"}]
    page = (
        f'<!doctype html><body data-src="{hls}"><video id="v" muted playsinline></video>'
        f'<script src="/hls.min.js"></script><script>{SCRIPT}</script></body>'
    )
    server, page_url = serve_pages(
        {"/": (page.encode(), "text/html"), "/hls.min.js": (HLS_JS.read_bytes(), "text/javascript")}
    )
    try:
        with chromium(flags=trusting(tls)) as browser:
            browser.get(page_url)
            h264 = browser.execute_script(
                "return MediaSource.isTypeSupported('video/mp4; codecs=\"avc1.42E01E,mp4a.40.2\"');"
            )
            assert h264, "this Chromium cannot play H.264: install Debian's chromium (make chromium)"
            wait(
                browser, lambda d: d.execute_script("return seen.levels !== null || seen.errors.length > 0;")
            )
            seen = browser.execute_script("return seen;")
            assert [level[:2] for level in seen["levels"]] == [[426, 240], [640, 360]], seen
            played = wait(browser, lambda d: d.execute_script(PLAYED))
            assert isinstance(played, float), played
            seen = browser.execute_script("return seen;")
            # hls.js may note (and skip) the sub-frame gap before the first picture: never a fatal error.
            assert [e for e in seen["errors"] if e.endswith("(fatal)")] == [] and seen["fragments"] > 0, seen
    finally:
        server.shutdown()
