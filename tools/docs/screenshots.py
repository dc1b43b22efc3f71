"""Screenshots of the dashboard for the docs (`make screenshots`), taken in Debian's headless
Chromium (driven as the browser tests drive it, tests/headless_chromium.py) against a mock built
for them: the medium world of seed 1 on a clock frozen at 2026-11-24T12:00:00Z, a few requests
of every vendor in its journal, two fault rules and a latency. The same code and world give the
same pictures, so a changed PNG in a diff is a changed dashboard.

    .venv/bin/python tools/docs/screenshots.py [--out docs/images]

writes `dashboard-<page>.png` for each page (1280 px wide, as tall as the page, at most 2000 px)
and `chart-<chart>.png` for each IBM chart, in 256 colours to keep the repository small. The
mock is served on 127.0.0.1:8000, as `make serve` serves it, so the URLs in the pictures are the
ones a reader sees; when that port is taken it runs on another (and says so).
"""

from __future__ import annotations

import argparse
import socket
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import uvicorn
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from selenium.webdriver.common.by import By  # noqa: E402

from headless_chromium import chromium, wait  # noqa: E402
from vidmock.app import create_app  # noqa: E402
from vidmock.config import Config  # noqa: E402

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
WIDTH, MAX_HEIGHT = 1280, 2000
PAGES = {
    "overview": "/",
    "state": "/state?api=apivideo&collection=videos&view=api",
    "requests": "/requests",
    "scenarios": "/scenarios",
    "clock": "/clock",
    "faults": "/faults",
    "ibm-charts": "/ibm?content_type=recorded",
}
CHARTS = ("views-day", "views-hour", "peak-hour")
DEV = {"Authorization": "Bearer dev-token"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images", help="where the PNGs go")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    app = create_app(Config(seed=1, size="medium", now=NOW))
    with serve(app) as root:
        fill(root)
        with chromium(window=f"{WIDTH},1000") as browser:
            for name, page in PAGES.items():
                browser.set_window_size(WIDTH, 1000)
                browser.get(f"{root}/__admin/ui{page}")
                wait(browser, lambda d: d.find_elements(By.TAG_NAME, "h1"))
                if name == "ibm-charts":
                    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#peak-hour rect"))
                # The window is taller than the page it shows by its own frame: add that.
                height = browser.execute_script(
                    "return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight"
                )
                browser.set_window_size(WIDTH, min(height, MAX_HEIGHT))
                save(browser.get_screenshot_as_png(), out / f"dashboard-{name}.png")
                if name == "ibm-charts":
                    for chart in CHARTS:
                        save(browser.find_element(By.ID, chart).screenshot_as_png, out / f"chart-{chart}.png")
    print(f"screenshots in {out}")


def fill(root: str) -> None:
    """What the pictures show besides the seeded world: requests of every vendor (a 404 among
    them), two fault rules (one fired) and a latency."""
    with httpx.Client(base_url=root, headers=DEV, timeout=30) as mock:
        mock.get(
            "/ibm-analytics/v1/views",
            params={
                "date_time_from": "2026-11-20T00:00:00Z",
                "date_time_to": "2026-11-24T00:00:00Z",
                "_limit": 5,
            },
        )
        mock.post("/apivideo/videos", json={"title": "Holiday"})
        mock.get("/apivideo/videos", params={"pageSize": 5})
        mock.get("/apivideo/videos/vi0000000000000000000000")
        mock.get("/jtv/metax/2.1/activity/fav/user@example.org")
        mock.get("/nomad/api/media/my-content")
        mock.get(
            "/syngrafii/api/v1/packages/c603079c-2dc7-4af7-8c2e-dc992662621c/videos",
            headers={"api_key": "dev-key"},
        )
        mock.post(
            "/__admin/faults",
            json={
                "match": {"api": "apivideo", "method": "POST", "path": "/videos"},
                "status": 503,
                "retryAfter": 5,
                "times": 2,
            },
        )
        mock.post("/__admin/faults", json={"match": {"api": "jtv"}, "delay": {"fixed": "200ms"}})
        mock.post("/apivideo/videos", json={"title": "Retry me"})
        mock.put("/__admin/latency", json={"delay": {"uniform": ["5ms", "20ms"]}})


def save(png: bytes, path: Path) -> None:
    """The screenshot in 256 colours: a fifth of the bytes, the same picture to the eye."""
    path.write_bytes(png)
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256)
    small.save(path, optimize=True)


class serve:
    """The app on 127.0.0.1:8000, or on a free port when 8000 is taken, in a thread."""

    def __init__(self, app) -> None:
        port = 8000 if free(8000) else 0
        if not port:
            print("port 8000 is taken (make serve?): the pictures will show another port", file=sys.stderr)
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the mock did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.server.servers[0].sockets[0].getsockname()[1]}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)


def free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


if __name__ == "__main__":
    main()
