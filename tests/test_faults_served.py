"""Fault rules and latency against a served mock, as an app under test meets them: over HTTP."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from conftest import NOW
from faults_support import admin, read, total
from vidmock.faults.compact import parse_compact_fault
from vidmock.testing import running


@pytest.fixture(scope="module")
def mock():
    with running(now=NOW, live=True, validate_responses=True) as served:
        yield served


@pytest.fixture
def control(mock):
    with admin(mock) as client:
        client.delete("/faults")
        yield client
        client.delete("/faults")
        client.put("/latency", json={"delay": None})


def add(control: httpx.Client, rule: dict) -> dict:
    answer = control.post("/faults", json=rule)
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_a_delay_holds_the_answer_at_least_as_long_as_set(mock, control):
    add(
        control,
        {"match": {"api": "apivideo", "method": "GET", "path": "/videos"}, "delay": {"fixed": "300ms"}},
    )
    started = time.monotonic()
    answer = read(mock, "apivideo")
    assert answer.status_code == 200
    assert time.monotonic() - started >= 0.3


def test_latency_from_the_control_api_slows_every_vendor_request(mock, control):
    assert control.put("/latency", json={"delay": {"uniform": ["200ms", "250ms"]}}).json() == {
        "delay": {"uniform": ["200ms", "250ms"]}
    }
    started = time.monotonic()
    assert read(mock, "jtv").status_code == 200
    assert time.monotonic() - started >= 0.2


def test_a_drop_is_a_transport_error_for_the_client(mock, control):
    add(control, {"match": {"api": "nomad"}, "drop": True})
    with pytest.raises(httpx.RemoteProtocolError):
        read(mock, "nomad")


# The body each vendor gives a 429, worked out from its renderer (the detail names the rule).
def _ibm(body):
    return body["errors"][0]["status"] == 429 and body["errors"][0]["title"] == "Too Many Requests"


def _apivideo(body):
    return (
        body["status"] == 429 and body["type"].startswith("https://docs.api.video/docs/") and "name" in body
    )


def _jtv(body):
    return body["result"] == "error" and body["message"] == "TOO_MANY_REQUESTS"


def _nomad(body):
    return body["type"] == "https://tools.ietf.org/html/rfc6585#section-4" and body["status"] == 429


def _syngrafii(body):
    return body["error"] == "request_exception_rate" and "fault rule" in body["message"]


@pytest.mark.parametrize(
    "key, shaped",
    [
        ("ibm-analytics", _ibm),
        ("apivideo", _apivideo),
        ("jtv", _jtv),
        ("nomad", _nomad),
        ("syngrafii", _syngrafii),
    ],
)
def test_a_429_comes_in_the_vendors_shape_with_retry_after(mock, control, key, shaped):
    rule = add(control, {"match": {"api": key, "method": "GET"}, "status": 429, "retryAfter": 7})
    answer = read(mock, key)
    assert answer.status_code == 429
    assert answer.headers["Retry-After"] == "7"
    assert shaped(answer.json()), answer.text
    assert rule["id"] in answer.text


def test_a_rule_with_times_fires_that_often_then_retires(mock, control):
    rule = add(control, {"match": {"api": "syngrafii"}, "status": 503, "times": 2})
    assert [read(mock, "syngrafii").status_code for _ in range(3)] == [503, 503, 200]
    assert control.get("/faults").json() == {"faults": []}
    assert control.get(f"/faults/{rule['id']}").status_code == 404


def test_a_rule_lists_how_often_it_fired_and_what_remains(mock, control):
    rule = add(control, {"match": {"api": "jtv"}, "status": 500, "times": 3})
    read(mock, "jtv")
    listed = control.get(f"/faults/{rule['id']}").json()
    assert (listed["fired"], listed["remaining"], listed["source"]) == (1, 2, "api")


def _hits(seed: int) -> list[bool]:
    with running(seed=seed, now=NOW, live=True) as fresh, admin(fresh) as client:
        client.post("/faults", json={"match": {"api": "apivideo"}, "status": 500, "probability": 0.5})
        return [read(fresh, "apivideo").status_code == 500 for _ in range(16)]


def test_probability_fires_on_the_same_requests_for_the_same_seed():
    first, second = _hits(7), _hits(7)
    assert first == second
    assert 0 < sum(first) < len(first), first


def test_a_before_fault_on_a_write_leaves_the_state_unchanged(mock, control):
    before = total(mock, "apivideo", "videos")
    add(control, {"match": {"api": "apivideo", "method": "POST", "path": "/videos"}, "status": 503})
    answer = mock.client("apivideo").post("/videos", json={"title": "never written"})
    assert answer.status_code == 503
    assert total(mock, "apivideo", "videos") == before


def test_an_after_fault_on_a_write_commits_it_and_loses_the_answer(mock, control):
    before = total(mock, "apivideo", "videos")
    add(control, {"match": {"operationId": "POST-video"}, "drop": True, "when": "after"})
    with pytest.raises(httpx.RemoteProtocolError):
        mock.client("apivideo").post("/videos", json={"title": "written, answer lost"})
    assert total(mock, "apivideo", "videos") == before + 1


def test_an_after_status_replaces_the_answer_of_a_committed_write(mock, control):
    before = total(mock, "apivideo", "videos")
    add(control, {"match": {"api": "apivideo", "method": "POST"}, "status": 500, "when": "after"})
    answer = mock.client("apivideo").post("/videos", json={"title": "written, answer replaced"})
    assert answer.status_code == 500
    assert total(mock, "apivideo", "videos") == before + 1


def test_malformed_cuts_the_body_and_keeps_the_headers(mock, control):
    whole = read(mock, "apivideo")
    add(control, {"match": {"api": "apivideo", "path": "/videos"}, "malformed": True})
    cut = read(mock, "apivideo")
    assert cut.status_code == 200
    assert cut.headers["Content-Type"] == "application/json"
    assert cut.content == whole.content[: len(whole.content) // 2]
    assert int(cut.headers["Content-Length"]) == len(cut.content)
    with pytest.raises(json.JSONDecodeError):
        cut.json()


def test_malformed_cuts_a_vendor_error_answer_too(mock, control):
    add(control, {"match": {"api": "apivideo", "path": "/videos/{videoId}"}, "malformed": True})
    cut = mock.client("apivideo").get("/videos/vi0000000000000000000000")
    assert cut.status_code == 404
    assert cut.text.startswith('{"type": "https://docs.api.video/docs/resourcenot_found"')
    with pytest.raises(json.JSONDecodeError):
        cut.json()


def test_dribble_sends_the_whole_body_at_the_rate_set(mock, control):
    whole = read(mock, "jtv")
    rate = 4 * len(whole.content)  # a quarter of a second for the body
    add(control, {"match": {"api": "jtv"}, "dribble": rate})
    started = time.monotonic()
    slow = read(mock, "jtv")
    assert time.monotonic() - started >= 0.25
    assert slow.content == whole.content


def test_a_path_template_matches_every_concrete_path_of_it(mock, control):
    add(control, {"match": {"api": "jtv", "path": "/metax/2.1/activity/fav/{SUBSCRIBER_ID}"}, "status": 502})
    assert read(mock, "jtv").status_code == 502
    assert mock.client("jtv").get("/metax/2.1/activity/fav/other@example.org").status_code == 502
    assert mock.client("jtv").get("/metax/2.1/activity/watch/user@example.org").status_code == 200


def test_header_and_query_conditions_narrow_a_rule(mock, control):
    add(
        control,
        {"match": {"api": "apivideo", "header": {"name": "X-Test-Case", "value": "slow"}}, "status": 504},
    )
    add(control, {"match": {"api": "apivideo", "query": {"name": "pageSize", "value": "3"}}, "status": 503})
    assert read(mock, "apivideo").status_code == 200
    assert read(mock, "apivideo", **{"x-test-case": "slow"}).status_code == 504
    assert mock.client("apivideo").get("/videos", params={"pageSize": 3}).status_code == 503


def test_no_rule_applies_to_the_control_api(mock, control):
    add(control, {"status": 500})
    assert control.get("/health").status_code == 200
    assert read(mock, "ibm-analytics").status_code == 500


def test_rules_from_fault_options_fire_and_come_back_on_reset():
    faults = (parse_compact_fault("syngrafii:GET=503 retry-after 2 times 1"),)
    with running(now=NOW, live=True, faults=faults) as fresh, admin(fresh) as client:
        listed = client.get("/faults").json()["faults"]
        assert [(r["id"], r["source"], r["remaining"]) for r in listed] == [("cli-1", "cli", 1)]
        answer = read(fresh, "syngrafii")
        assert (answer.status_code, answer.headers["Retry-After"]) == (503, "2")
        assert read(fresh, "syngrafii").status_code == 200
        client.post("/faults", json={"match": {"api": "jtv"}, "status": 500})
        client.post("/reset")
        listed = client.get("/faults").json()["faults"]
        assert [(r["id"], r["fired"]) for r in listed] == [("cli-1", 0)]
        assert read(fresh, "syngrafii").status_code == 503


def test_latency_option_slows_requests_and_comes_back_on_reset():
    with running(now=NOW, live=True, latency={"fixed": "200ms"}) as fresh, admin(fresh) as client:
        client.put("/latency", json={"delay": None})
        client.post("/reset")
        assert client.get("/latency").json() == {"delay": {"fixed": "200ms"}}
        started = time.monotonic()
        assert read(fresh, "nomad").status_code == 200
        assert time.monotonic() - started >= 0.2
