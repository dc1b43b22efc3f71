"""What the browser tests of api.video's player page share: the mock over HTTPS with its local
CA, a page of another origin that loads `@api.video/player-sdk` (npm, from `.cache/node`: `make
node`), and a headless Chromium trusting the mock's certificate by its key."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from conftest import make_app
from headless_chromium import WAIT, chromium, serve_pages, wait
from vidmock.testing import serving
from vidmock.tls import certificates

ROOT = Path(__file__).resolve().parent.parent
PLAYER_SDK = ROOT / ".cache/node/node_modules/@api.video/player-sdk/dist/index.js"
DEV = {"Authorization": "Bearer dev-token"}
EVENTS = [
    "ready",
    "play",
    "firstplay",
    "pause",
    "ended",
    "timeupdate",
    "seeking",
    "volumechange",
    "controlsenabled",
    "controlsdisabled",
]
SDK_PAGE = f"""<!doctype html>
<title>player</title>
<div id="target" style="width: 640px; height: 360px"></div>
<script src="/player-sdk.js"></script>
<script>
window.events = [];
window.start = function (options) {{
  window.player = new PlayerSdk("#target", options);
  {EVENTS!r}.forEach(function (type) {{
    player.addEventListener(type, function (data) {{ events.push([type, data]); }});
  }});
}};
</script>
"""


@pytest.fixture(scope="module")
def tls(tmp_path_factory) -> certificates.LocalTls:
    return certificates.ensure(certificates.needed_names("127.0.0.1"), tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def mock(tls) -> Iterator[tuple[Any, str]]:
    """The mock over HTTPS (a small seeded world, its clock frozen): its app and base URL."""
    app = make_app(tls_ca_file=str(tls.ca_file))
    with serving(app, ssl_certfile=str(tls.cert_file), ssl_keyfile=str(tls.key_file)) as url:
        yield app, url


@pytest.fixture(scope="module")
def api(mock, tls) -> Iterator[httpx.Client]:
    """A client of the mock's api.video, trusting its CA, with the development token."""
    _app, url = mock
    context = ssl.create_default_context(cafile=str(tls.ca_file))
    with httpx.Client(base_url=f"{url}/apivideo", headers=DEV, verify=context, timeout=WAIT) as client:
        yield client


@pytest.fixture(scope="module")
def sdk_page() -> Iterator[str]:
    """Another origin (plain HTTP on loopback): the page and the SDK's UMD file."""
    assert PLAYER_SDK.is_file(), f"{PLAYER_SDK} is missing: run `make node` (make test does)"
    files = {
        "/": (SDK_PAGE.encode(), "text/html"),
        "/player-sdk.js": (PLAYER_SDK.read_bytes(), "text/javascript"),
    }
    server, url = serve_pages(files)
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def browser(tls):
    flags = [
        f"--ignore-certificate-errors-spki-list={tls.spki_sha256}",
        "--autoplay-policy=no-user-gesture-required",
    ]
    with chromium(flags=flags) as driver:
        driver.set_script_timeout(WAIT)
        yield driver


def seeded_video(api: httpx.Client) -> dict[str, Any]:
    """A seeded video with an MP4: it plays the mock's 4 s sample."""
    videos = api.get("/videos", params={"pageSize": 100}).json()["data"]
    return next(v for v in videos if "mp4" in v["assets"])


def start_player(browser, page: str, options: dict[str, Any]) -> None:
    """The SDK's player in a fresh page, with `options`; returns once `ready` has arrived."""
    browser.get(page)
    browser.execute_script("start(arguments[0]);", options)
    wait(browser, lambda d: d.execute_script("return events.some((e) => e[0] === 'ready');"))


def call(browser, expression: str) -> Any:
    """The value `expression` (a promise, e.g. `player.getPaused()`) resolves to in the page."""
    script = (
        "const done = arguments[arguments.length - 1];"
        f"Promise.resolve({expression}).then(done, (e) => done('rejected ' + e));"
    )
    return browser.execute_async_script(script)


def seen(browser, event: str) -> list[Any]:
    """The data of each `event` the page's SDK has received, oldest first."""
    return browser.execute_script(
        "return events.filter((e) => e[0] === arguments[0]).map((e) => e[1]);", event
    )


def wait_for(browser, event: str, count: int = 1) -> list[Any]:
    wait(browser, lambda d: len(seen(d, event)) >= count)
    return seen(browser, event)
