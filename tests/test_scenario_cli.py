"""`vidmock scenarios`, `seed`, `export` and `import` against a real server."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import make_app
from live import serving
from vidmock.cli.main import main


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


def test_import_reads_stdin_and_the_url_comes_from_the_environment():
    runner = CliRunner()
    with serving(make_app()) as url:
        env = {"VIDMOCK_URL": url}
        runner.invoke(main, ["seed", "--scenario", "ibm-empty-account"], env=env)
        exported = runner.invoke(main, ["export"], env=env)
        assert exported.exit_code == 0, exported.output
        runner.invoke(main, ["seed", "--scenario", "jtv-empty-account"], env=env)
        imported = runner.invoke(main, ["import", "-"], input=exported.stdout, env=env)
        assert imported.exit_code == 0, imported.output
        again = runner.invoke(main, ["export"], env=env)
        assert json.loads(again.stdout)["tables"] == json.loads(exported.stdout)["tables"]


def test_a_refused_import_names_the_json_pointer_the_mock_returned():
    runner = CliRunner()
    with serving(make_app()) as url:
        snapshot = json.loads(runner.invoke(main, ["export", "--url", url]).stdout)
        del snapshot["tables"]["apivideo_videos"][0]["description"]
        refused = runner.invoke(main, ["import", "--url", url, "-"], input=json.dumps(snapshot))
    assert refused.exit_code == 1
    assert "snapshot refused: missing column 'description' (at /tables/apivideo_videos/0)" in refused.output


def test_control_calls_send_the_admin_token_as_a_bearer_token(monkeypatch):
    sent = []

    class Answer:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self):
            return b"{}"

    monkeypatch.setattr("urllib.request.urlopen", lambda request, timeout: sent.append(request) or Answer())
    result = CliRunner().invoke(
        main, ["export", "--url", "http://mock.test:8000"], env={"VIDMOCK_ADMIN_TOKEN": "t0k"}
    )
    assert result.exit_code == 0, result.output
    assert sent[0].full_url == "http://mock.test:8000/__admin/export"
    assert sent[0].get_header("Authorization") == "Bearer t0k"
