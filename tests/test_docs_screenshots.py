"""The dashboard's pictures in the docs are the ones `make screenshots` takes
(tools/docs/screenshots.py, headless Chromium against a mock built for them): every committed
picture is shown on a page of the docs, and the script still takes each of them."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
SCRIPT = ROOT / "tools" / "docs" / "screenshots.py"


def taken() -> set[str]:
    spec = importlib.util.spec_from_file_location("screenshots", SCRIPT)
    screenshots = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(screenshots)
    return {f"dashboard-{page}.png" for page in screenshots.PAGES} | {
        f"chart-{chart}.png" for chart in screenshots.CHARTS
    }


def test_every_committed_picture_is_one_the_script_takes_and_a_page_shows():
    committed = {path.name for path in IMAGES.glob("*.png")}
    assert committed == taken()
    pages = "\n".join(path.read_text() for path in [ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
    shown = {name for name in re.findall(r"\]\((?:\.\./|docs/)*images/([^)]+\.png)\)", pages)}
    assert shown == committed


def test_make_screenshots_takes_every_picture(tmp_path):
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(tmp_path)], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    assert {path.name for path in tmp_path.glob("*.png")} == taken()
    with Image.open(tmp_path / "dashboard-overview.png") as overview:
        assert overview.width == 1280 and overview.height > 1000
    with Image.open(tmp_path / "chart-views-day.png") as chart:
        assert chart.width < 1280
