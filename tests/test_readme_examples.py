"""The `curl` examples of the README and the docs (every page under docs/), run as written against a mock on
the wall clock: they must answer with data on whatever day they are run. A fenced `sh` block calling the
mock answers JSON; the `bash` blocks, which print what their `# prints:` line says, are
tests/test_readme_faults.py's."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from conftest import make_app
from live import serving

ROOT = Path(__file__).resolve().parents[1]
# The README and every page of the docs, wherever an example moves.
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
README = "\n".join(path.read_text() for path in PAGES)
DOCUMENTED_ROOT = "http://127.0.0.1:8000"


def shell_examples() -> list[str]:
    """Each fenced `sh` block that calls the mock with curl, and each inline `curl …` span."""
    blocks = [b for b in re.findall(r"```sh\n(.*?)```", README, re.S) if "curl" in b and DOCUMENTED_ROOT in b]
    inline = [c for c in re.findall(r"`(curl [^`]+)`", README) if DOCUMENTED_ROOT in c]
    return blocks + inline


@pytest.fixture(scope="module")
def root():
    with serving(make_app(now=None)) as url:
        yield url


def test_the_readme_and_the_docs_have_curl_examples_to_run():
    # As many as the README held before the docs took its reference sections: none got lost on the way.
    assert len(shell_examples()) >= 15


@pytest.mark.parametrize("example", shell_examples(), ids=lambda e: e.strip().splitlines()[-1][:60])
def test_a_readme_curl_example_answers_with_data(root, example):
    script = 'curl() { command curl --fail --silent --show-error "$@"; }\n' + example
    run = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script.replace(DOCUMENTED_ROOT, root)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    answer = json.loads(run.stdout)
    assert answer, "an empty answer"
    listed = answer.get("data", answer.get("videos")) if isinstance(answer, dict) else answer
    if listed is not None:
        assert len(listed) > 0, f"no data: {run.stdout[:300]}"


def test_no_curl_example_hard_codes_a_day():
    # Seeded data follows the clock; a fixed day stops answering once it falls out of the window.
    dated = [e for e in shell_examples() if re.search(r"\d{4}-\d{2}-\d{2}", e)]
    assert dated == []


def test_every_curl_of_the_docs_runs_silent():
    """A reader copying an example sees its answer, not curl's progress meter (which curl draws
    on the terminal whenever its output goes to a file or a pipe)."""
    blocks = [b for page in PAGES for b in re.findall(r"```(?:sh|bash)\n(.*?)```", page.read_text(), re.S)]
    calls = [c for block in blocks for c in re.findall(r"\bcurl((?: +-[^ ]+(?: '[^']*')?)*) ", block)]
    assert len(calls) >= 30
    loud = [c for c in calls if not re.search(r"(^|\s)(-[a-zA-Z]*s[a-zA-Z]*|--silent)(\s|$)", c)]
    assert loud == []
