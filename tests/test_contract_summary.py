"""What `vidmock contract` tells a CI: a base URL where nothing answers stops the run at once
with one line; a phase whose calls got no answer reads ERROR with its first error, never ok;
the table, the last line and the exit code agree; every report lands where `--report` says and
the run leaves nothing in the temporary folder."""

from __future__ import annotations

import json
import socket
import tempfile
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from conftest import NOW
from live import served_apart
from vidmock.app import create_app
from vidmock.cli.main import main
from vidmock.config import Config
from vidmock.contract.output import condense

QUICK = ["--max-examples", "2", "--seed", "7"]


def mock():
    return create_app(Config(now=NOW, size="small"))


@pytest.fixture
def own_tmp(monkeypatch, tmp_path):
    """The run's temporary folder, to see what it leaves behind."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def contract(*args: str) -> tuple[int, str]:
    outcome = CliRunner().invoke(main, ["contract", *args], terminal_width=200)
    return outcome.exit_code, outcome.output


def dead_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def last_line(output: str) -> str:
    return output.rstrip("\n").splitlines()[-1]


def test_a_dead_port_stops_at_once_with_one_line_and_exit_1(own_tmp):
    url = f"http://127.0.0.1:{dead_port()}/syngrafii/api/v1"
    code, output = contract("syngrafii", "--base-url", url, "--api-key", "dev-key", *QUICK)
    assert code == 1
    reason = f"nothing answers at {url}: [Errno 111] Connection refused"
    assert f"STOPPED syngrafii (syngrafii.yaml): {reason}" in output
    assert last_line(output) == (
        "3 operations: 0 passed, 0 failed, 0 errored, 0 skipped, 3 not run -> FAILED (exit 1): "
        f"syngrafii (syngrafii.yaml) not run: {reason}"
    )
    assert "│ ok" not in output
    assert "Network Error" not in output  # no case was generated
    assert list(own_tmp.iterdir()) == []


def test_a_wrong_base_url_stops_before_generating_a_case():
    with served_apart(mock) as root:
        url = f"{root}/syngrafii/api/v1/api/v1"
        # --keep-changes: the run in the default world, whose journal is read below.
        code, output = contract(
            "syngrafii", "--base-url", url, "--api-key", "dev-key", "--keep-changes", *QUICK
        )
        with urllib.request.urlopen(f"{root}/__admin/requests?api=syngrafii&limit=100") as answer:
            sent = json.loads(answer.read())["requests"]
    assert code == 1
    reason = (
        f"NOT FOUND — is --base-url right? nothing at {url} answers the spec's paths "
        "(a 404 to each of the 3 probed)"
    )
    assert f"STOPPED syngrafii (syngrafii.yaml): {reason}" in output
    assert last_line(output).endswith(f"-> FAILED (exit 1): syngrafii (syngrafii.yaml) not run: {reason}")
    assert sorted(entry["method"] + " " + entry["path"] for entry in sent) == [
        "GET /syngrafii/api/v1/api/v1/packages/vidmock-route-probe/videos",
        "POST /syngrafii/api/v1/api/v1/packages/videos/delete",
        "POST /syngrafii/api/v1/api/v1/packages/vidmock-route-probe/videos/delete",
    ]


def drop_connections(root: str, path: str) -> None:
    rule = {"match": {"api": "syngrafii", "method": "POST", "path": path}, "drop": True}
    request = urllib.request.Request(
        f"{root}/__admin/faults", data=json.dumps(rule).encode(), headers={"Content-Type": "application/json"}
    )
    urllib.request.urlopen(request).close()


def test_a_phase_whose_calls_get_no_answer_reads_error_with_its_first_error(tmp_path):
    junit = tmp_path / "junit.xml"
    with served_apart(mock) as root:
        drop_connections(root, "/packages/videos/delete")
        code, output = contract(
            "syngrafii", "--base-url", f"{root}/syngrafii/api/v1", "--api-key", "dev-key",
            "--phases", "examples,stateful", "--report", "junit", str(junit),
            "--keep-changes", *QUICK,  # in the default world, where the rule above drops connections
        )  # fmt: skip
    assert code == 1
    assert "│ POST /packages/videos/delete             │ ERROR  │ Network Error" in output
    phases = next(line for line in output.splitlines() if line.startswith("syngrafii (syngrafii.yaml) phase"))
    assert phases.startswith("syngrafii (syngrafii.yaml) phases: examples ERROR (Network Error: ")
    assert "(POST /packages/videos/delete)" in phases
    assert "stateful ERROR (Network Error: " in phases
    assert "│ Stateful tests                           │ ERROR  │ Network Error" in output
    assert last_line(output).startswith("3 operations: 2 passed, 0 failed, 1 errored, 0 skipped, 0 not run")
    assert last_line(output).endswith(
        "-> FAILED (exit 1): syngrafii (syngrafii.yaml) phases examples, stateful errored"
    )
    cases = {case.get("name"): case for case in ET.parse(junit).iter("testcase")}
    errored = sorted(name for name, case in cases.items() if case.find("error") is not None)
    assert errored == ["POST /packages/videos/delete", "Stateful tests", "examples phase", "stateful phase"]


def test_a_green_run_writes_its_reports_where_asked_and_leaves_nothing_behind(tmp_path, own_tmp):
    out = tmp_path / "reports"
    asked = {
        "junit": out / "contract.xml",
        "markdown": out / "contract.md",
        "html": out / "html",
    }
    with served_apart(mock) as root:
        args = ["syngrafii", "--base-url", f"{root}/syngrafii/api/v1", "--api-key", "dev-key", *QUICK]
        for kind, path in asked.items():
            args += ["--report", kind, str(path)]
        code, output = contract(*args)
    assert code == 0, output[-4000:]
    assert last_line(output) == (
        "3 operations: 3 passed, 0 failed, 0 errored, 0 skipped, 0 not run; stateful phase ok -> OK (exit 0)"
    )
    for kind, path in asked.items():
        assert f"{kind} report: {path}" in output
    assert {case.get("name") for case in ET.parse(asked["junit"]).iter("testcase")} == {
        "GET /packages/{packageId}/videos",
        "POST /packages/videos/delete",
        "POST /packages/{packageId}/videos/delete",
        "Stateful tests",
        "examples phase",
        "coverage phase",
        "fuzzing phase",
        "stateful phase",
    }
    assert not any(case.find("error") is not None for case in ET.parse(asked["junit"]).iter("testcase"))
    assert "| syngrafii | `POST /packages/videos/delete` | ok |  |" in asked["markdown"].read_text()
    assert (asked["html"] / "index.html").exists()
    assert (asked["html"] / "syngrafii-syngrafii" / "index.html").exists()
    assert "/tmp/" not in output.replace(str(tmp_path), "")  # no path into a folder that goes away
    assert list(own_tmp.iterdir()) == []


SCHEMATHESIS_ERRORS = """\
==================================== ERRORS ====================================
_______________________ GET /packages/{packageId}/videos _______________________
Network Error

Connection failed

Tip: Check that the API is running and reachable at `http://127.0.0.1:9`.
_________________________ POST /packages/videos/delete _________________________
Network Error

Connection failed

Tip: Check that the API is running and reachable at `http://127.0.0.1:9`.

Need more help?
    Join our Discord server: https://discord.gg/R9ASRAmHnA

=================================== WARNINGS ===================================

Missing test data: 3 operations repeatedly returned 404 Not Found responses

  - GET /a
  - GET /b
  - GET /c

=================================== SUMMARY ====================================

Reports:
  - JUnit: /tmp/vidmock-contract-x/syngrafii.junit.xml
"""


def test_schemathesis_errors_and_warnings_are_told_once_with_one_example():
    assert condense(SCHEMATHESIS_ERRORS) == (
        "ERRORS\n"
        "GET /packages/{packageId}/videos (the same for 1 more operation)\n"
        "Network Error\n\nConnection failed\n\n"
        "Tip: Check that the API is running and reachable at `http://127.0.0.1:9`.\n\n"
        "WARNINGS\n"
        "Missing test data: 3 operations repeatedly returned 404 Not Found responses\n\n"
        "  - GET /a\n"
        "  - ... and 2 more"
    )
