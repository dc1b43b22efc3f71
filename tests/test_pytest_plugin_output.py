"""A user's own test run with the `vidmock` fixture prints what their tests say, not warnings of
vidmock's dependencies."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
USER_TEST = """
def test_my_frontend_lists_videos(vidmock):
    assert vidmock.client("apivideo").get("/videos").status_code == 200
"""


def test_a_users_run_shows_no_warning_of_vidmocks_dependencies(tmp_path):
    (tmp_path / "test_user.py").write_text(USER_TEST)
    env = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONWARNINGS": ""}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", "test_user.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout
    assert "warning" not in run.stdout.lower(), run.stdout
