"""What a contract run covered, per API: the operations that got an answer and the documented
statuses each one was answered with, and what it never reached, on the console and in
`--report coverage PATH` (JSON) - what a CI owner reads before trusting a green run."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import NOW
from live import served_apart
from test_contract_summary import dead_port
from vidmock.app import create_app
from vidmock.cli.main import main
from vidmock.config import Config
from vidmock.contract.coverage import OperationCoverage

LIST = "GET /packages/{packageId}/videos"
DELETE_ONE = "POST /packages/{packageId}/videos/delete"
DELETE_MANY = "POST /packages/videos/delete"


def mock():
    return create_app(Config(now=NOW, size="small"))


def contract(*args: str) -> tuple[int, str]:
    outcome = CliRunner().invoke(main, ["contract", *args], terminal_width=200)
    return outcome.exit_code, outcome.output


def test_an_examples_only_run_reaches_each_operation_but_only_its_200(tmp_path):
    report = tmp_path / "coverage.json"
    with served_apart(mock) as root:
        code, output = contract(
            "syngrafii", "--base-url", f"{root}/syngrafii/api/v1", "--api-key", "dev-key",
            "--phases", "examples", "--max-examples", "1", "--seed", "1", "--report", "coverage", str(report),
        )  # fmt: skip
    assert code == 0, output[-4000:]
    assert (
        "syngrafii coverage: 3/3 operations reached, 3/12 documented statuses; never reached: "
        f"{LIST} (400, 403, 404); {DELETE_ONE} (400, 403, 404); {DELETE_MANY} (400, 403, 404)"
    ) in output
    written = json.loads(report.read_text())
    assert written["failed"] is False
    syngrafii = written["apis"]["syngrafii"]
    assert syngrafii["operations"] == {"total": 3, "reached": 3}
    assert syngrafii["statuses"] == {"total": 12, "reached": 3}
    assert syngrafii["never_reached"] == []
    assert syngrafii["by_operation"][LIST] == {
        "spec": "syngrafii.yaml",
        "calls": 1,
        "documented": ["200", "400", "403", "404"],
        "reached": ["200"],
        "never_reached": ["400", "403", "404"],
        "undocumented": [],
    }
    assert [op["reached"] for op in syngrafii["by_operation"].values()] == [["200"], ["200"], ["200"]]


def test_a_run_that_reached_nothing_says_so(tmp_path):
    report = tmp_path / "coverage.json"
    url = f"http://127.0.0.1:{dead_port()}/syngrafii/api/v1"
    code, output = contract(
        "syngrafii", "--base-url", url, "--api-key", "dev-key", "--report", "coverage", str(report)
    )
    assert code == 1
    assert (
        f"syngrafii coverage: 0/3 operations reached, 0/12 documented statuses; never reached: "
        f"{LIST}; {DELETE_ONE}; {DELETE_MANY}"
    ) in output
    written = json.loads(report.read_text())
    assert written["failed"] is True
    assert written["apis"]["syngrafii"]["never_reached"] == [LIST, DELETE_ONE, DELETE_MANY]
    assert written["apis"]["syngrafii"]["statuses"] == {"total": 12, "reached": 0}


def test_a_range_or_default_is_reached_by_the_statuses_it_stands_for():
    op = OperationCoverage("GET /x", "x.yaml", ["200", "4XX", "default"], [200, 404, 503])
    assert op.reached == ["200", "4XX", "default"]
    assert op.never_reached == []
    bare = OperationCoverage("GET /x", "x.yaml", ["200", "4XX"], [200, 200, 503])
    assert bare.reached == ["200"]
    assert bare.never_reached == ["4XX"]
    assert bare.undocumented == [503]
