"""hls.js (npm, from `.cache/node`: `make node-packages`) in a real headless Chromium plays
`assets.hls` of an uploaded video from a page of another origin: one level per encoded quality,
playback past 2 s. The page and hls.js are served by the test on loopback, never by a CDN."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from conftest import make_app
from headless_chromium import chromium, wait
from media_clips import clip
from vidmock.apis.apivideo.media import encoder
from vidmock.testing import serving

DEV = {"Authorization": "Bearer dev-token"}
HLS_JS = Path(__file__).parent.parent / ".cache" / "node" / "node_modules" / "hls.js" / "dist" / "hls.min.js"
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


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    with serving(make_app(encoding_step=1.0)) as url:
        yield url


def page_server(html: str) -> tuple[ThreadingHTTPServer, str]:
    """Another origin: `/` is `html`, `/hls.min.js` the installed hls.js."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/hls.min.js":
                body, kind = HLS_JS.read_bytes(), "text/javascript"
            else:
                body, kind = html.encode(), "text/html; charset=utf-8"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def test_hls_js_plays_every_encoded_quality_of_an_upload(mock_url):
    api = f"{mock_url}/apivideo"
    video_id = httpx.post(f"{api}/videos", headers=DEV, json={"title": "Streamed"}).json()["videoId"]
    files = {"file": ("clip.mp4", clip(5, 640, 360, 24), "video/mp4")}
    hls = httpx.post(f"{api}/videos/{video_id}/source", headers=DEV, files=files).json()["assets"]["hls"]
    encoder.wait_idle()
    assert httpx.put(f"{mock_url}/__admin/clock", json={"advance": "1m"}).status_code == 200
    statuses = httpx.get(f"{api}/videos/{video_id}/status", headers=DEV).json()["encoding"]["qualities"]
    assert statuses == [{"quality": "240p", "status": "encoded"}, {"quality": "360p", "status": "encoded"}]
    server, page = page_server(
        f'<!doctype html><body data-src="{hls}"><video id="v" muted playsinline></video>'
        f'<script src="/hls.min.js"></script><script>{SCRIPT}</script></body>'
    )
    try:
        with chromium() as browser:
            browser.get(page)
            h264 = browser.execute_script(
                "return MediaSource.isTypeSupported('video/mp4; codecs=\"avc1.42E01E,mp4a.40.2\"');"
            )
            wait(
                browser, lambda d: d.execute_script("return seen.levels !== null || seen.errors.length > 0;")
            )
            seen = browser.execute_script("return seen;")
            assert [level[:2] for level in seen["levels"]] == [[426, 240], [640, 360]], seen
            if h264:
                played = wait(
                    browser,
                    lambda d: d.execute_script(
                        "const v = document.getElementById('v'); if (v.error) return 'error ' + v.error.code;"
                        "return v.currentTime > 2 ? v.currentTime : null;"
                    ),
                )
                assert isinstance(played, float), played
            else:  # a Chromium without H.264: hls.js must still read and fetch everything
                wait(
                    browser,
                    lambda d: d.execute_script("return seen.fragments > 0 || seen.errors.length > 0;"),
                )
            seen = browser.execute_script("return seen;")
            # hls.js may note (and skip) the sub-frame gap before the first picture: never a fatal error.
            assert [e for e in seen["errors"] if e.endswith("(fatal)")] == [] and seen["fragments"] > 0, seen
    finally:
        server.shutdown()
