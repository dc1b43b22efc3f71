"""`Prefer: code=N` and `Prefer: example=NAME` on every vendor, against a served mock."""

from __future__ import annotations

import pytest

from conftest import NOW
from faults_support import SYNGRAFII_PACKAGE, WINDOW, read, total
from vidmock.apis import find_api
from vidmock.faults.prefer import preferences
from vidmock.testing import running

DELETE_ONE = {"packageId": SYNGRAFII_PACKAGE, "meetingVideoId": "4c512b8a-c1ad-47da-ae22-5a61115505e3"}


@pytest.fixture(scope="module")
def mock():
    with running(now=NOW, live=True, validate_responses=True) as served:
        yield served


# (api key, method, path below /<key>, query, JSON body, example name, its status, a documented
# error status, a field of the example's body and its value)
CASES = [
    (
        "ibm-analytics",
        "GET",
        "/views/live",
        WINDOW,
        None,
        "oneView",
        200,
        401,
        ("pagination", "count"),
        10,
    ),
    ("apivideo", "POST", "/videos", {}, {"title": "x"}, "uploaded", 201, 400, ("title",), "Maths tutorial"),
    (
        "jtv",
        "GET",
        "/metax/2.1/activity/fav/user@example.org",
        {},
        None,
        "twoFavorites",
        200,
        400,
        ("count",),
        2,
    ),
    (
        "nomad",
        "GET",
        "/asset/tracking",
        {"assetId": "0b7e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4", "second": 5},
        None,
        "recorded",
        200,
        401,
        None,
        "OK",
    ),
    (
        "syngrafii",
        "POST",
        f"/packages/{SYNGRAFII_PACKAGE}/videos/delete",
        {},
        DELETE_ONE,
        "oneVideo",
        200,
        404,
        ("videos", 0, "state"),
        "deleted",
    ),
]
IDS = [c[0] for c in CASES]


def _ask(mock, case, prefer: str):
    key, method, path, query, body, *_ = case
    return mock.client(key).request(method, path, params=query, json=body, headers={"Prefer": prefer})


def _dig(body, where):
    for step in where:
        body = body[step]
    return body


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_prefer_example_answers_the_named_example_and_writes_nothing(mock, case):
    key, _m, _p, _q, _b, name, status, _e, where, value = case
    counts = {c: total(mock, key, c) for c in _collections(key)}
    answer = _ask(mock, case, f"example={name}")
    assert answer.status_code == status, answer.text
    assert answer.headers["Preference-Applied"] == f"example={name}"
    assert (answer.text if where is None else _dig(answer.json(), where)) == value
    assert {c: total(mock, key, c) for c in _collections(key)} == counts


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_prefer_code_of_a_documented_error_answers_it_and_writes_nothing(mock, case):
    # What the error holds: tests/test_forced_errors.py compares it with the real one.
    key, *_rest, error, _w, _v = case
    counts = {c: total(mock, key, c) for c in _collections(key)}
    answer = _ask(mock, case, f"code={error}")
    assert (answer.status_code, answer.headers["Preference-Applied"]) == (error, f"code={error}")
    assert {c: total(mock, key, c) for c in _collections(key)} == counts


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_prefer_code_of_a_success_serves_the_specs_example(mock, case):
    *_rest, status, _e, where, value = case
    answer = _ask(mock, case, f"code={status}")
    assert answer.status_code == status
    assert (answer.text if where is None else _dig(answer.json(), where)) == value


# The refusal names Prefer in each vendor's own way.
NAMED = {
    "ibm-analytics": lambda b: b["errors"][0]["source"] == {"parameter": "Prefer"},
    "apivideo": lambda b: b["name"] == "Prefer" and b["problems"][0]["name"] == "Prefer",
    "jtv": lambda b: b["field"] == "Prefer" and b["message"] == "BAD_REQUEST",
    "nomad": lambda b: "Prefer" in b["errors"],
    "syngrafii": lambda b: b["error"] == "request_invalid_parameter" and b["message"].startswith("Prefer:"),
}


@pytest.mark.parametrize("case", CASES, ids=IDS)
@pytest.mark.parametrize("prefer", ["code=418", "example=noSuchExample", "code=abc"])
def test_an_undocumented_code_or_unknown_example_is_a_400_naming_prefer(mock, case, prefer):
    key = case[0]
    counts = {c: total(mock, key, c) for c in _collections(key)}
    answer = _ask(mock, case, prefer)
    assert answer.status_code == 400, answer.text
    assert NAMED[key](answer.json()), answer.text
    assert {c: total(mock, key, c) for c in _collections(key)} == counts


def test_a_code_and_an_example_together_pick_the_example_of_that_status(mock):
    answer = _ask(mock, CASES[1], "code=202, example=uploaded")
    assert answer.status_code == 202 and answer.json()["title"] == "Maths tutorial"
    refused = _ask(mock, CASES[1], "code=400, example=uploaded")
    assert refused.status_code == 400 and refused.json()["name"] == "Prefer"


def test_other_preferences_are_ignored(mock):
    answer = read(mock, "apivideo", Prefer="return=minimal, respond-async")
    assert answer.status_code == 200 and answer.json()["data"]
    assert "Preference-Applied" not in answer.headers


def test_prefer_does_not_skip_the_credentials_check(mock):
    answer = mock.client("jtv").get(
        "/metax/2.1/activity/fav/user@example.org", headers={"Prefer": "example=empty", "Authorization": ""}
    )
    assert answer.status_code == 401


def test_prefer_does_not_skip_request_validation(mock):
    answer = mock.client("apivideo").post("/videos", json={"title": 5}, headers={"Prefer": "code=201"})
    assert answer.status_code == 400 and answer.json()["name"] == "title"


def test_prefer_values_are_read_as_rfc_7240_says():
    assert preferences(['return=minimal, code=404; foo="a,b", example="my example"']) == {
        "code": "404",
        "example": "my example",
    }
    assert preferences(["code=500", "code=404"]) == {"code": "500"}
    assert preferences(["respond-async, wait=100"]) == {}


def _collections(key: str) -> list[str]:
    return list(find_api(key).collections)


def test_a_forced_delete_leaves_the_video_as_it_was(mock):
    def state() -> str:
        videos = mock.client("syngrafii").get(f"/packages/{SYNGRAFII_PACKAGE}/videos").json()["videos"]
        return next(v["state"] for v in videos if v["meetingVideoId"] == DELETE_ONE["meetingVideoId"])

    before = state()
    assert before != "deleted"
    assert _ask(mock, CASES[4], "example=oneVideo").json()["videos"][0]["state"] == "deleted"
    assert state() == before
