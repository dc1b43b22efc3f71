"""`vidmock scenarios`, `seed`, `export` and `import` against a real server."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import make_app
from live import serving
from vidmock.cli import main


def test_scenarios_lists_every_shipped_scenario_with_its_description():
    result = CliRunner().invoke(main, ["scenarios"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "ibm-empty-account" in result.output and "pagination count of 0" in result.output


def test_seed_export_and_import_round_trip_a_running_mock(tmp_path):
    app = make_app()
    runner = CliRunner()
    with serving(app) as url:
        seeded = runner.invoke(main, ["seed", "--url", url, "--scenario", "ibm-empty-account"])
        assert seeded.exit_code == 0, seeded.output
        assert "ibm-analytics: 2 contents" in seeded.output
        exported = runner.invoke(main, ["export", "--url", url])
        assert exported.exit_code == 0
        snapshot = json.loads(exported.stdout)
        assert snapshot["scenario"] == "ibm-empty-account"
        assert [r["title"] for r in snapshot["tables"]["ibm_contents"]] == [
            "Quiet Channel",
            "Nobody Watched This",
        ]
        path = tmp_path / "state.json"
        path.write_text(exported.stdout)

        runner.invoke(main, ["seed", "--url", url, "--scenario", "jtv-empty-account"])
        imported = runner.invoke(main, ["import", "--url", url, str(path)])
        assert imported.exit_code == 0, imported.output
        again = runner.invoke(main, ["export", "--url", url])
        assert json.loads(again.stdout)["tables"] == snapshot["tables"]

        path.write_text(json.dumps({**snapshot, "version": 99}))
        refused = runner.invoke(main, ["import", "--url", url, str(path)])
        assert refused.exit_code == 1 and "version" in refused.output
        unknown = runner.invoke(main, ["seed", "--url", url, "--scenario", "no-such-thing"])
        assert unknown.exit_code == 1 and "404: no scenario 'no-such-thing'" in unknown.output


def test_commands_say_when_the_mock_cannot_be_reached():
    result = CliRunner().invoke(main, ["export", "--url", "http://127.0.0.1:9"])
    assert result.exit_code == 1 and "cannot reach" in result.output


def test_serve_refuses_an_unknown_scenario_before_starting():
    result = CliRunner().invoke(main, ["serve", "--scenario", "no-such-thing"])
    assert result.exit_code == 2 and "no scenario 'no-such-thing'" in result.output


def test_an_app_built_from_a_scenario_starts_from_it_and_resets_to_it():
    client = make_app(scenario="ibm-empty-account").test_client()
    health = client.get("/__admin/health").json()
    assert health["scenario"] == "ibm-empty-account"
    client.post("/__admin/seed", json={"seed": 2})
    assert (
        client.get("/__admin/state", params={"api": "ibm-analytics", "limit": 0}).json()["ibm-analytics"][
            "segments"
        ]["total"]
        > 0
    )
    client.post("/__admin/scenarios/ibm-empty-account")
    client.post("/__admin/reset")
    counts = client.get("/__admin/state", params={"api": "ibm-analytics", "limit": 0}).json()
    assert (
        counts["ibm-analytics"]["contents"]["total"] == 2
        and counts["ibm-analytics"]["segments"]["total"] == 0
    )
