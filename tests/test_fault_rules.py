"""Fault rules and latency through the control API, scenario files and `vidmock serve` options:
what is kept, what is refused (naming the member), and what a reset restores."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from connexion.middleware import MiddlewarePosition

from conftest import make_app
from faults_support import read
from vidmock.cli.main import main
from vidmock.faults import middleware
from vidmock.faults.compact import parse_compact_delay, parse_compact_fault
from vidmock.faults.problems import RuleError
from vidmock.testing import running

VIDEOS = {"match": {"api": "apivideo", "method": "POST", "path": "/videos"}}


@pytest.fixture
def client():
    return make_app().test_client()


@pytest.mark.parametrize(
    "rule, pointer",
    [
        ({"status": 500, "probability": 1.5}, "/probability"),
        ({"explode": True}, "/explode"),
        ({"status": 500, "times": 0}, "/times"),
        ({"status": 500, "times": 1_000_001}, "/times"),
        ({"dribble": 100_000_001}, "/dribble"),
        ({"delay": {"fixed": "2 seconds"}}, "/delay/fixed"),
        ({"delay": {"uniform": ["300ms", "50ms"]}}, "/delay/uniform/1"),
        ({"delay": {"gamma": "1s"}}, "/delay/gamma"),
        ({"match": {"api": "vimeo"}, "status": 500}, "/match/api"),
        ({"match": {"verb": "GET"}, "status": 500}, "/match/verb"),
        ({"status": 200}, "/status"),
        ({"status": 500, "drop": True}, "/drop"),
        ({"status": 500, "retryAfter": 5}, "/retryAfter"),
        ({"malformed": True, "when": "before"}, "/when"),
        ({"match": {"api": "jtv"}}, ""),
    ],
)
def test_a_bad_rule_is_a_400_naming_the_member_and_nothing_is_added(client, rule, pointer):
    answer = client.post("/__admin/faults", json=rule)
    assert answer.status_code == 400, answer.text
    assert answer.headers["Content-Type"] == "application/problem+json"
    assert answer.json()["pointer"] == pointer
    assert client.get("/__admin/faults").json() == {"faults": []}


def test_rules_are_added_read_listed_and_deleted(client):
    added = client.post("/__admin/faults", json={**VIDEOS, "status": 503, "retryAfter": 5, "times": 2})
    assert added.status_code == 201
    rule = added.json()
    assert rule == {
        **VIDEOS,
        "status": 503,
        "retryAfter": 5,
        "times": 2,
        "id": "f1",
        "source": "api",
        "fired": 0,
        "remaining": 2,
    }
    assert added.headers["Location"] == "/__admin/faults/f1"
    second = client.post("/__admin/faults", json={"delay": {"fixed": "10ms"}}).json()
    assert [r["id"] for r in client.get("/__admin/faults").json()["faults"]] == ["f1", second["id"]]
    assert client.get("/__admin/faults/f1").json() == rule
    assert client.delete("/__admin/faults/f1").status_code == 204
    assert client.get("/__admin/faults/f1").status_code == 404
    assert client.delete("/__admin/faults/f1").status_code == 404
    assert client.delete("/__admin/faults").status_code == 204
    assert client.get("/__admin/faults").json() == {"faults": []}


def test_a_reset_removes_added_rules_and_latency(client):
    client.post("/__admin/faults", json={"status": 500})
    client.put("/__admin/latency", json={"delay": {"fixed": "1s"}})
    client.post("/__admin/reset")
    assert client.get("/__admin/faults").json() == {"faults": []}
    assert client.get("/__admin/latency").json() == {"delay": None}


def test_a_bad_latency_is_a_400_naming_the_member_and_changes_nothing(client):
    client.put("/__admin/latency", json={"delay": {"fixed": "20ms"}})
    for body, pointer in (
        ({"delay": {"uniform": ["50ms", "lots"]}}, "/delay/uniform/1"),
        ({"delay": {"lognormal": {"median": "0ms", "sigma": 0.5}}}, "/delay/lognormal/median"),
        ({"delay": {"fixed": "11m"}}, "/delay/fixed"),
    ):
        answer = client.put("/__admin/latency", json=body)
        assert (answer.status_code, answer.json()["pointer"]) == (400, pointer), answer.text
    assert client.get("/__admin/latency").json() == {"delay": {"fixed": "20ms"}}


def test_the_fired_rule_is_left_in_the_scope_state_for_the_journal():
    app = make_app()
    seen: list[dict] = []

    class Recorder:
        def __init__(self, inner):
            self.inner = inner

        async def __call__(self, scope, receive, send):
            await self.inner(scope, receive, send)
            if scope["type"] == "http":
                seen.append(dict(scope.get("state", {})))

    app.add_middleware(Recorder, position=MiddlewarePosition.BEFORE_EXCEPTION)
    client = app.test_client()
    rule = client.post("/__admin/faults", json={"match": {"api": "jtv"}, "status": 503}).json()
    client.get("/jtv/metax/2.1/activity/fav/user@example.org", headers={"Authorization": "Bearer dev-token"})
    client.get("/apivideo/videos", headers={"Authorization": "Bearer dev-token"})
    assert seen[-2]["vidmock.fault"] == rule["id"]
    assert "vidmock.fault" not in seen[-1]


def test_requests_no_rule_matches_are_not_delayed_and_draw_nothing(monkeypatch):
    """Twenty rules for other requests: the middleware neither sleeps nor draws a random number."""
    sleeps: list[float] = []

    async def no_sleep(seconds):
        sleeps.append(seconds)

    monkeypatch.setattr(middleware, "sleep", no_sleep)
    app = make_app()
    client = app.test_client()
    for n in range(20):
        added = client.post(
            "/__admin/faults",
            json={
                "match": {"api": "jtv", "header": {"name": "X-Case", "value": str(n)}},
                "delay": {"uniform": ["1s", "2s"]},
                "probability": 0.5,
            },
        )
        assert added.status_code == 201
    streams = [(r.chance.getstate(), r.delays.getstate()) for r in app.world.faults._rules]
    answer = client.get("/apivideo/videos", headers={"Authorization": "Bearer dev-token"})
    other = client.get(
        "/jtv/metax/2.1/activity/fav/user@example.org", headers={"Authorization": "Bearer dev-token"}
    )
    assert (answer.status_code, other.status_code) == (200, 200)
    assert sleeps == []
    assert [(r.chance.getstate(), r.delays.getstate()) for r in app.world.faults._rules] == streams


def test_an_in_process_drop_fails_the_call_without_an_answer_and_the_mock_serves_on():
    client = make_app().test_client()
    client.post("/__admin/faults", json={"match": {"api": "apivideo"}, "drop": True, "times": 1})
    with pytest.raises(BaseException) as raised:
        client.get("/apivideo/videos", headers={"Authorization": "Bearer dev-token"})
    assert not isinstance(raised.value, AssertionError)
    assert client.get("/apivideo/videos", headers={"Authorization": "Bearer dev-token"}).status_code == 200


def test_with_no_rule_and_no_latency_requests_skip_the_rules_entirely(monkeypatch):
    app = make_app()

    def never(_facts):
        raise AssertionError("the rules were consulted")

    monkeypatch.setattr(app.world.faults, "take", never)
    answer = app.test_client().get("/apivideo/videos", headers={"Authorization": "Bearer dev-token"})
    assert answer.status_code == 200


# --- the one-line forms --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, rule",
    [
        (
            "apivideo:POST /videos=500",
            {"match": {"api": "apivideo", "method": "POST", "path": "/videos"}, "status": 500},
        ),
        ("jtv:*=delay 2s", {"match": {"api": "jtv"}, "delay": {"fixed": "2s"}}),
        (
            "nomad:GET=503 retry-after 5 times 2 probability 0.5",
            {
                "match": {"api": "nomad", "method": "GET"},
                "status": 503,
                "retryAfter": 5,
                "times": 2,
                "probability": 0.5,
            },
        ),
        (
            "syngrafii:/packages/{packageId}/videos=dribble 100",
            {"match": {"api": "syngrafii", "path": "/packages/{packageId}/videos"}, "dribble": 100},
        ),
        (
            "apivideo:POST /videos=drop after delay 50-300ms",
            {
                "match": {"api": "apivideo", "method": "POST", "path": "/videos"},
                "drop": True,
                "when": "after",
                "delay": {"uniform": ["50ms", "300ms"]},
            },
        ),
    ],
)
def test_a_fault_option_reads_as_its_json_rule(text, rule):
    assert parse_compact_fault(text) == rule


@pytest.mark.parametrize("text", ["apivideo=500", "apivideo:POST /videos", "jtv:*=explode", "jtv:*=delay"])
def test_a_malformed_fault_option_is_refused(text):
    with pytest.raises(RuleError):
        parse_compact_fault(text)


def test_latency_option_forms():
    assert parse_compact_delay("100ms") == {"fixed": "100ms"}
    assert parse_compact_delay("50-300ms") == {"uniform": ["50ms", "300ms"]}
    assert parse_compact_delay("1s-2.5s") == {"uniform": ["1s", "2.5s"]}


@pytest.mark.parametrize(
    "args, words",
    [
        (["--fault", "jtv:*=explode"], "unknown word 'explode'"),
        (["--fault", "vimeo:*=500"], "(/match/api): unknown API 'vimeo'"),
        (["--fault", "jtv:*=500 probability 3"], "(/probability)"),
        (["--latency", "fast"], "'fast'"),
        (["--api", "jtv", "--fault", "apivideo:*=500"], "unknown API 'apivideo'; served here: jtv"),
    ],
)
def test_serve_refuses_a_bad_fault_or_latency_naming_the_problem(args, words):
    result = CliRunner().invoke(main, ["serve", *args])
    assert result.exit_code == 2
    assert words in result.output, result.output


# --- scenario files ---------------------------------------------------------------------------

SCENARIO = """
name: flaky-uploads
description: Uploads fail once, then work.
faults:
  - match: {api: apivideo, method: POST, path: /videos}
    status: 503
    retryAfter: 3
    times: 1
  - match: {api: jtv}
    delay: {lognormal: {median: 20ms, sigma: 0.3}}
"""
BAD = """
name: bad-faults
description: A rule with an impossible probability.
faults:
  - {match: {api: jtv}, status: 500}
  - {match: {api: jtv}, status: 500, probability: 2}
"""


@pytest.fixture
def library(tmp_path, monkeypatch):
    monkeypatch.setenv("VIDMOCK_SCENARIOS", str(tmp_path))
    (tmp_path / "flaky-uploads.yaml").write_text(SCENARIO)
    (tmp_path / "bad-faults.yaml").write_text(BAD)
    return tmp_path


def test_a_scenarios_faults_are_in_force_once_it_is_loaded(library):
    with running(scenario="flaky-uploads") as mock:
        client = mock.client("apivideo")
        admin = mock.app.test_client()
        rules = admin.get("/__admin/faults").json()["faults"]
        assert [(r["id"], r["source"]) for r in rules] == [
            ("flaky-uploads-1", "scenario"),
            ("flaky-uploads-2", "scenario"),
        ]
        first = client.post("/videos", json={"title": "t"})
        assert (first.status_code, first.headers["Retry-After"]) == (503, "3")
        assert client.post("/videos", json={"title": "t"}).status_code == 201
        admin.post("/__admin/reset")
        assert [r["fired"] for r in admin.get("/__admin/faults").json()["faults"]] == [0, 0]


def test_a_scenario_with_a_bad_rule_is_refused_naming_it_and_nothing_changes(library):
    client = make_app().test_client()
    before = client.get("/__admin/state", params={"limit": 0}).json()
    answer = client.post("/__admin/scenarios/bad-faults")
    assert answer.status_code == 400
    assert "bad-faults.yaml: /faults/1/probability" in answer.json()["detail"]
    assert client.get("/__admin/state", params={"limit": 0}).json() == before
    assert client.get("/__admin/faults").json() == {"faults": []}
    assert client.get("/__admin/health").json()["scenario"] is None


def test_loading_another_scenario_replaces_the_scenario_rules(library):
    client = make_app(scenario="flaky-uploads").test_client()
    client.post("/__admin/scenarios/jtv-empty-account")
    assert client.get("/__admin/faults").json() == {"faults": []}


def test_a_rule_for_one_api_leaves_the_others_alone():
    with running(faults=(parse_compact_fault("jtv:*=503"),)) as mock:
        assert read(mock, "jtv").status_code == 503
        assert read(mock, "apivideo").status_code == 200
