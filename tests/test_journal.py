"""The request journal: what an app sent and what it got back, whole, bounded, filtered and
counted, in-process and on a served mock."""

from __future__ import annotations

import base64
import json

import pytest

from journal_support import mock_and_client
from vidmock.journal.query import FilterError
from vidmock.journal.store import Journal

DEV = {"Authorization": "Bearer dev-token"}
VIDEOS = "/apivideo/videos"


@pytest.fixture(params=["in-process", "live"])
def served(request):
    with mock_and_client(request.param) as pair:
        yield pair


def test_the_journal_holds_the_json_an_app_sent_and_the_whole_answer(served):
    mock, client = served
    raw = b'{"title": "My video",\n "public": false, "tags": ["a"]}'
    answer = client.post(VIDEOS, content=raw, headers={**DEV, "Content-Type": "application/json"})
    assert answer.status_code == 201
    [entry] = mock.requests(api="apivideo")
    assert (entry["method"], entry["path"], entry["status"]) == ("POST", VIDEOS, 201)
    assert entry["operation_id"] == "POST-video"  # api.video's own name of the operation
    assert entry["fault"] is None and entry["duration_ms"] > 0
    sent = entry["request"]["body"]
    assert sent["json"] == {"title": "My video", "public": False, "tags": ["a"]}
    assert sent["media_type"] == "application/json" and sent["truncated"] is False
    assert sent["size"] == len(raw)
    assert mock.count(body_contains='"My video",\n "public": false') == 1  # the bytes as sent
    assert entry["request"]["headers"]["content-type"] == "application/json"
    got = entry["response"]
    assert got["body"]["json"] == answer.json()
    assert got["body"]["size"] == len(answer.content)
    assert got["headers"]["content-type"] == answer.headers["content-type"]
    assert got["headers"]["content-length"] == str(len(answer.content))


def test_the_journal_holds_a_form_body_as_sent(served):
    mock, client = served
    form = "grant_type=client_credentials&client_id=dev-client&token_type=jwt&scope=a+b"
    answer = client.post(
        "/ibm-analytics/oauth2/token",
        content=form,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Authorization": "Basic ZGV2"},
    )
    assert answer.status_code == 401  # that Basic header holds no client
    [entry] = mock.requests(api="ibm-analytics", operation_id="issueToken")
    body = entry["request"]["body"]
    assert body == {
        "media_type": "application/x-www-form-urlencoded",
        "size": len(form),
        "truncated": False,
        "text": form,
    }
    assert entry["response"]["body"]["json"]["error"] == "invalid_client"


def test_a_body_refused_before_it_is_read_is_still_journaled(served):
    mock, client = served
    # Security runs before the body is read: a bad token is refused without the app reading it.
    refused = client.post(VIDEOS, json={"title": "sent anyway"}, headers={"Authorization": "Bearer nope"})
    assert refused.status_code == 401
    [entry] = mock.requests(status=401)
    assert entry["request"]["body"]["json"] == {"title": "sent anyway"}


def test_a_100_kb_body_is_cut_at_64_kb_and_marked(served):
    mock, client = served
    big = {"title": "big", "description": "d" * 100_000}
    raw = json.dumps(big).encode()
    client.post(VIDEOS, content=raw, headers={**DEV, "Content-Type": "application/json"})
    [entry] = mock.requests(api="apivideo")
    body = entry["request"]["body"]
    assert body["truncated"] is True and body["size"] == len(raw)
    assert "json" not in body  # a cut document is no longer JSON: kept as text
    assert body["text"].encode() == raw[: 64 * 1024]


def test_an_answer_over_64_kb_is_cut_and_marked(served):
    mock, client = served
    # IBM's records hold no credential, so the journal keeps their text as sent (a snapshot's
    # upload tokens, say, would be kept as fingerprints).
    params = {"api": "ibm-analytics", "limit": 1000}
    state = client.get("/__admin/state", params=params)
    [entry] = mock.requests(path="/__admin/state")
    body = entry["response"]["body"]
    assert body["truncated"] is True and body["size"] == len(state.content) > 64 * 1024
    assert body["text"].encode() == state.content[: 64 * 1024]


def test_a_binary_body_is_kept_as_base64_with_its_media_type(served):
    mock, client = served
    clip = bytes(range(256))
    client.post(VIDEOS, content=clip, headers={**DEV, "Content-Type": "video/mp4"})
    [entry] = mock.requests(api="apivideo")
    body = entry["request"]["body"]
    assert body["media_type"] == "video/mp4" and body["size"] == 256
    assert base64.b64decode(body["base64"]) == clip
    assert entry["status"] == 415


def test_the_control_api_answers_entries_with_bodies(served):
    _mock, client = served
    client.post(VIDEOS, json={"title": "via http"}, headers=DEV)
    entries = client.get("/__admin/requests", params={"api": "apivideo"}).json()["requests"]
    assert [e["request"]["body"]["json"] for e in entries] == [{"title": "via http"}]
    assert client.get("/__admin/requests/count", params={"api": "apivideo"}).json() == {"count": 1}


def test_a_listing_of_the_journal_is_journaled_without_copying_it(served):
    mock, client = served
    client.post(VIDEOS, json={"title": "listed"}, headers=DEV)
    listing = client.get("/__admin/requests")
    [entry] = mock.requests(path="/__admin/requests")
    assert entry["response"]["body"] == {
        "media_type": "application/json",
        "size": len(listing.content),
        "truncated": True,
        "omitted": True,
    }


# --- filters over a sequence built by hand ---------------------------------------------------

SEQUENCE = [
    ("GET", VIDEOS, {"headers": DEV}),  # 1: 200 list_videos
    ("POST", VIDEOS, {"headers": DEV, "json": {"title": "My video"}}),  # 2: 201
    ("POST", VIDEOS, {"headers": DEV, "json": {"title": "My video", "public": False}}),  # 3: 201
    ("POST", VIDEOS, {"headers": DEV, "json": {"title": 42}}),  # 4: 400 (title is a string)
    ("GET", f"{VIDEOS}/vi0000000000000000000000", {"headers": DEV}),  # 5: 404 get_video
    (
        "POST",
        "/ibm-analytics/oauth2/token",
        {
            "data": {
                "grant_type": "client_credentials",
                "client_id": "dev-client",
                "client_secret": "dev-secret",
            }
        },
    ),  # 6: 200
    ("GET", "/nomad/api/media/my-content", {}),  # 7: 401
    ("GET", "/nowhere", {}),  # 8: 404, no API, no operation
]


@pytest.fixture
def sequence():
    with mock_and_client("in-process") as (mock, client):
        statuses = [client.request(method, url, **kw).status_code for method, url, kw in SEQUENCE]
        assert statuses == [200, 201, 201, 400, 404, 200, 401, 404]
        yield mock, client


FILTERS = [
    ({"api": "apivideo"}, [5, 4, 3, 2, 1]),
    ({"api": "ibm-analytics"}, [6]),
    ({"method": "POST"}, [6, 4, 3, 2]),
    ({"method": "get"}, [8, 7, 5, 1]),
    ({"path": "/videos"}, [5, 4, 3, 2, 1]),
    ({"path": "oauth2"}, [6]),
    ({"operation_id": "POST-video"}, [4, 3, 2]),
    ({"operation_id": "GET-video"}, [5]),
    ({"operation_id": "GET-vid"}, []),
    ({"operation_id": "create_video"}, []),  # the handler's name is no operationId
    ({"status": 201}, [3, 2]),
    ({"status": "404"}, [8, 5]),
    ({"status": "4xx"}, [8, 7, 5, 4]),
    ({"status": "2XX"}, [6, 3, 2, 1]),
    ({"since": 5}, [8, 7, 6]),
    ({"since": 5, "limit": 2}, [7, 6]),
    ({"since": 8}, []),
    ({"limit": 2}, [8, 7]),
    ({"api": "apivideo", "status": "4xx"}, [5, 4]),
    ({"body": {"/title": "My video"}}, [3, 2]),
    ({"body": {"/title": "My video", "/public": False}}, [3]),
    ({"body": {"/public": 0}}, []),
    ({"body": {"/title": 42}}, [4]),
    ({"body": {"/title": "42"}}, []),
    ({"body": {"/grant_type": "client_credentials"}}, [6]),
    ({"body": {"/client_id": "dev-client"}}, [6]),
    ({"body": {"": {"title": "My video"}}}, [2]),
    ({"body_contains": "My video"}, [3, 2]),
    ({"body_contains": "grant_type=client"}, [6]),
    ({"body_contains": "dev-secret"}, []),  # secrets are fingerprinted before anything is kept
]


@pytest.mark.parametrize(("filters", "ids"), FILTERS, ids=[str(f) for f, _ in FILTERS])
def test_each_filter_narrows_to_the_hand_counted_entries(sequence, filters, ids):
    mock, _client = sequence
    assert [e["id"] for e in mock.requests(**filters)] == ids
    assert mock.count(**{k: v for k, v in filters.items() if k != "limit"}) == len(
        [e for e in mock.requests(**{k: v for k, v in filters.items() if k != "limit"})]
    )


def as_query(filters: dict) -> dict:
    params = {k: v for k, v in filters.items() if k != "body"}
    if "body" in filters:
        [(pointer, value)] = filters["body"].items()
        params |= {"body_pointer": pointer, "body_equals": json.dumps(value)}
    return params


HTTP_FILTERS = [
    (f, ids)
    for f, ids in FILTERS
    if "method" not in f or f["method"].isupper()
    if "body" not in f or len(f["body"]) == 1
    if "limit" not in f or "since" in f
]


@pytest.mark.parametrize(("filters", "ids"), HTTP_FILTERS, ids=[str(f) for f, _ in HTTP_FILTERS])
def test_the_control_api_filters_the_same(sequence, filters, ids):
    _mock, client = sequence
    answer = client.get("/__admin/requests", params=as_query(filters))
    assert answer.status_code == 200
    # Reading the journal is journaled too (ids 9 on): those entries are not the ones counted.
    assert [e["id"] for e in answer.json()["requests"] if e["id"] <= 8] == ids


def test_count_tells_that_an_app_sent_something_exactly_once(sequence):
    mock, client = sequence
    once = {"body_pointer": "/public", "body_equals": "false", "operation_id": "POST-video"}
    assert client.get("/__admin/requests/count", params=once).json() == {"count": 1}
    assert mock.count(operation_id="POST-video", body={"/title": "My video"}) == 2
    client.post(VIDEOS, json={"title": "My video", "public": False}, headers=DEV)
    assert client.get("/__admin/requests/count", params=once).json() == {"count": 2}


def test_since_pages_forward_through_the_journal(sequence):
    _mock, client = sequence
    seen: list[int] = []
    since = 0
    while since < 8:
        page = client.get("/__admin/requests", params={"since": since, "limit": 3}).json()["requests"]
        ids = [e["id"] for e in page]
        assert ids == sorted(ids, reverse=True)  # newest first within a page
        seen += reversed(ids)
        since = ids[0]
    assert seen[:8] == [1, 2, 3, 4, 5, 6, 7, 8]


def test_delete_empties_the_journal_and_ids_go_on(sequence):
    mock, client = sequence
    cleared = client.delete("/__admin/requests")
    assert cleared.json() == {"cleared": 8}
    assert [e["path"] for e in mock.requests()] == ["/__admin/requests"]  # the DELETE itself
    assert mock.requests()[0]["id"] == 9
    assert mock.clear_requests() == 1 and mock.requests() == [] and mock.count() == 0


BAD_FILTERS = [
    ({"status": "6xx"}, "status"),
    ({"status": "4x"}, "status"),
    ({"status": "ok"}, "status"),
    ({"since": "-1"}, "since"),
    ({"since": "last"}, "since"),
    ({"limit": "0"}, "limit"),
    ({"body_pointer": "title", "body_equals": "1"}, "body_pointer"),
    ({"body_pointer": "/a~2", "body_equals": "1"}, "body_pointer"),
    ({"body_pointer": "/title", "body_equals": "My video"}, "body_equals"),
    ({"body_pointer": "/title"}, "body_equals"),
    ({"body_equals": '"x"'}, "body_pointer"),
    ({"method": "FETCH"}, "method"),
]


@pytest.mark.parametrize(("params", "parameter"), BAD_FILTERS, ids=[str(p) for p, _ in BAD_FILTERS])
def test_a_bad_filter_is_a_400_problem_naming_the_parameter(sequence, params, parameter):
    _mock, client = sequence
    for path in ("/__admin/requests", "/__admin/requests/count"):
        answer = client.get(path, params=params)
        assert answer.status_code == 400
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert answer.json()["parameter"] == parameter


@pytest.mark.parametrize(
    ("filters", "parameter"),
    [
        ({"status": "6xx"}, "status"),
        ({"status": True}, "status"),
        ({"since": -1}, "since"),
        ({"limit": 0}, "limit"),
        ({"body": {"title": "x"}}, "body"),
    ],
)
def test_the_fixture_refuses_a_bad_filter_naming_it(sequence, filters, parameter):
    mock, _client = sequence
    with pytest.raises(ValueError, match=parameter) as refused:
        mock.requests(**filters)
    assert isinstance(refused.value, FilterError) and refused.value.parameter == parameter


def test_the_journal_is_bounded_in_count_and_in_memory():
    by_count = Journal(size=2)
    for n in range(3):
        by_count.record({"n": n})
    assert [e["id"] for e in by_count.entries()] == [3, 2]
    # 900 bytes + 512 of fixed fields each: two fit under 3 000, a third pushes the oldest out.
    by_memory = Journal(size=100, memory=3000)
    for n in range(3):
        by_memory.record({"n": n}, cost=900)
    assert [e["id"] for e in by_memory.entries()] == [3, 2]
    # The newest entry stays, however heavy.
    by_memory.record({"n": 3}, cost=10_000)
    assert [e["id"] for e in by_memory.entries()] == [4]
