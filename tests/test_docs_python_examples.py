"""The Python examples of the README and the docs that use a vendor's client, run as written
against a served mock of the world `make serve` starts (medium, seed 1): each prints what its
`# prints:` lines say, line for line."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import make_app
from live import serving

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("**/*.md"))]
EXAMPLES = [
    block
    for page in PAGES
    for block in re.findall(r"```python\n(.*?)```", page.read_text(), re.S)
    if "# prints:" in block and "127.0.0.1:8000" in block
]
DOCUMENTED_ROOT = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def root():
    with serving(make_app(size="medium", seed=1, now=None)) as url:
        yield url


def test_the_api_video_client_example_is_there():
    assert any("AuthenticatedApiClient" in example for example in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.splitlines()[0][:60])
def test_a_python_example_prints_what_it_says(root, example):
    run = subprocess.run(
        [sys.executable, "-c", example.replace(DOCUMENTED_ROOT, root)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    expected = re.findall(r"^# prints: (.*)$", example, re.M)
    assert run.stdout.splitlines() == expected
