"""The `bash` examples of the README and the docs (every page under docs/: "Test your app's error
handling", docs/faults.md, holds them), run as written against a served mock on the wall clock, each
printing what its `# prints:` lines say: the whole output, line for line, where `…` stands for a
part that differs from run to run (a time, a size). They run against the world `make serve`
starts (medium, seed 1) on the wall clock."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import httpx
import pytest

from conftest import make_app
from live import serving

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
DOCUMENTED_ROOT = "http://127.0.0.1:8000"
EXAMPLES = [
    block
    for page in PAGES
    for block in re.findall(r"```bash\n(.*?)```", page.read_text(), re.S)
    if DOCUMENTED_ROOT in block
]


@pytest.fixture(scope="module")
def root():
    with serving(make_app(size="medium", seed=1, now=None)) as url:
        yield url


def test_every_control_has_an_example():
    # As many as the README held before the docs took its reference sections, and every control among them.
    assert len(EXAMPLES) >= 10
    text = "\n".join(EXAMPLES)
    for control in (
        '"delay"',
        '"retryAfter"',
        '"drop"',
        '"malformed"',
        '"dribble"',
        '"probability"',
        '"times"',
        '"when": "before"',
        '"when": "after"',
        "/__admin/latency",
        "Prefer: code=",
        "Prefer: example=",
    ):
        assert control in text, control


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.splitlines()[1].strip()[:60])
def test_a_readme_example_prints_what_it_says(root, example):
    with httpx.Client(base_url=root) as control:
        control.delete("/__admin/faults")
        control.put("/__admin/latency", json={"delay": None})
    run = subprocess.run(
        ["bash", "-c", example.replace(DOCUMENTED_ROOT, root)], capture_output=True, text=True, timeout=60
    )
    printed = (run.stdout + run.stderr).splitlines()
    expected = re.findall(r"^# prints: (.+)$", example, re.M)
    assert expected, "an example without a '# prints:' line"
    assert len(printed) == len(expected), printed
    for shown, said in zip(printed, expected, strict=True):
        assert re.fullmatch(".*?".join(map(re.escape, said.split("…"))), shown.rstrip()), (shown, said)
