"""`vidmock fidelity` against the vendors' published specs: every operation, parameter, schema
field and status in which vidmock's spec differs is listed under the decision explaining it
(openapi/fidelity/<api>.yaml), and the list is pinned here (tests/fidelity/<api>.txt): a change
of vidmock's spec that moves it from the vendor's shows up as a difference someone must explain.

To update a pinned list after explaining the change (from the checkout's root):
    vidmock fidelity apivideo --vendor-spec ../shared/reference/vendor-openapi \
        > tests/fidelity/apivideo.txt"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from vendor_specs import APIVIDEO, NOMAD, VENDOR_DIR, vendor_file
from vidmock.cli.main import main
from vidmock.fidelity import compare

PINNED = Path(__file__).parent / "fidelity"


def fidelity(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    outcome = CliRunner().invoke(main, ["fidelity", *args], env=env)
    return outcome.exit_code, outcome.output


@pytest.mark.parametrize(("api", "document"), [("apivideo", APIVIDEO), ("nomad", NOMAD)])
def test_every_difference_from_the_vendor_is_explained_and_pinned(api, document):
    code, output = fidelity(api, "--vendor-spec", str(vendor_file(document)))
    assert code == 0, output[-3000:]
    assert "UNEXPLAINED" not in output and "STALE" not in output
    assert output == (PINNED / f"{api}.txt").read_text()


def test_the_counts_a_reader_sees_first():
    vendor_file(APIVIDEO)
    code, output = fidelity("--vendor-spec", str(VENDOR_DIR))
    assert code == 0
    heads = [line for line in output.splitlines() if " differences, " in line]
    assert heads == [
        "api.video: openapi/apivideo.yaml against apivideo-2021-02.yaml: 981 differences, 0 unexplained",
        "Nomad: openapi/nomad-media.yaml against nomad-media-2026-04-excerpt.json: "
        "242 differences, 0 unexplained",
    ]
    assert "\n  GET /videos: parameter query tags[] only in vidmock\n" in output
    assert "\n  POST /account/logout: operation only in Nomad\n" in output


def test_a_new_difference_is_unexplained_and_fails_the_command(monkeypatch):
    vendor_file(APIVIDEO)
    original = compare.load

    def drifted(name: str) -> dict:
        spec = original(name)
        spec["paths"]["/videos"]["get"]["parameters"].append(
            {"name": "colour", "in": "query", "schema": {"type": "string"}}
        )
        return spec

    monkeypatch.setattr(compare, "load", drifted)
    code, output = fidelity("apivideo", "--vendor-spec", str(APIVIDEO))
    assert code == 1
    assert output.splitlines()[0].endswith(": 982 differences, 1 unexplained")
    assert "UNEXPLAINED (1)\n  GET /videos: parameter query colour only in vidmock\n" in output


def test_a_decision_that_explains_nothing_fails_the_command(monkeypatch):
    vendor_file(NOMAD)
    target = compare.TARGETS["nomad"]
    config = {
        **target.config,
        "decisions": [*target.config["decisions"], {"match": ["GET /nowhere: *"], "why": "x"}],
    }
    monkeypatch.setitem(target.__dict__, "config", config)
    code, output = fidelity("nomad", "--vendor-spec", str(NOMAD))
    assert code == 1
    assert "STALE decision: 'GET /nowhere: *' matches no difference (openapi/fidelity/nomad.yaml)" in output


def test_without_the_vendor_spec_it_says_where_to_point_it():
    code, output = fidelity("apivideo", env={"VIDMOCK_VENDOR_SPECS": ""})
    assert code == 2
    assert "pass --vendor-spec PATH (or set VIDMOCK_VENDOR_SPECS): vidmock ships no vendor spec" in output
