"""A JSON object that gives a name twice is ambiguous (RFC 8259 §4: the names within an object
SHOULD be unique, and receivers disagree on which value counts). Every JSON body, of every vendor
and of the control API, is refused with a 400 in the vendor's shape naming the member (by its
JSON pointer where the shape carries one), at any depth, and nothing is written."""

from __future__ import annotations

import json

import pytest

from body_writes import BEARER, make_client, named_place, send, store, writes
from vidmock.http.json_bodies import JSONBodyError, parse_json_body

DOCS_PACKAGE = "c603079c-2dc7-4af7-8c2e-dc992662621c"
DOCS_VIDEO = "4c512b8a-c1ad-47da-ae22-5a61115505e3"
UI = "/__admin/ui"

pytest_plugins = ["body_fixtures"]


def twice(name: str, where: str = "") -> str:
    at = f" (at '{where}')" if where else ""
    return (
        f"'{name}' is given more than once{at}: names in a JSON object must be unique "
        "(RFC 8259 §4), and which value was meant is not guessed"
    )


# --- the parser -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pointer", "detail"),
    [
        ('{"a": 1, "a": 1}', "/a", twice("a")),
        ('{"v": [{"id": 1}, {"id": 2, "x": 0, "id": 3}]}', "/v/1/id", twice("id", "v/1")),
        ('{"o": {"p": {"q": true, "q": false}}}', "/o/p/q", twice("q", "o/p")),
        ('{"a/b": {"~": 1, "~": 2}}', "/a~1b/~0", twice("~", "a~1b")),
        ('[{"": 1, "": 2}]', "/0/", twice("", "0")),
    ],
)
def test_a_name_given_twice_is_refused_at_its_pointer(text, pointer, detail):
    with pytest.raises(JSONBodyError) as refused:
        parse_json_body(text.encode())
    assert (refused.value.pointer, refused.value.detail) == (pointer, detail)


@pytest.mark.parametrize(
    ("text", "pointer"),
    [
        ('{"a": {"x": 1, "x": 2}, "b": 1, "b": 2}', "/a/x"),
        ('{"a": 1, "b": NaN, "a": 2}', "/b"),
        ('{"a": 1, "a": NaN}', "/a"),
        ('{"a": [1, {"c": 1, "c": 2}], "a": 3}', "/a/1/c"),
    ],
)
def test_the_first_problem_in_document_order_is_named(text, pointer):
    with pytest.raises(JSONBodyError) as refused:
        parse_json_body(text.encode())
    assert refused.value.pointer == pointer


def test_the_same_name_in_different_objects_is_fine():
    text = b'{"a": {"id": 1}, "b": [{"id": 2}, {"id": 3}], "id": 4}'
    assert parse_json_body(text) == {"a": {"id": 1}, "b": [{"id": 2}, {"id": 3}], "id": 4}


# --- the given instance -----------------------------------------------------------------------


def test_syngrafii_delete_naming_the_video_twice_is_a_400_and_deletes_nothing(client):
    listing = f"/syngrafii/api/v1/packages/{DOCS_PACKAGE}/videos"
    states = [v["state"] for v in client.get(listing, headers={"api_key": "dev-key"}).json()["videos"]]
    assert len(states) == 6 and states.count("deleted") == 1
    before = store(client)
    response = client.post(
        f"/syngrafii/api/v1/packages/{DOCS_PACKAGE}/videos/delete",
        content=f'{{"packageId":"{DOCS_PACKAGE}","meetingVideoId":"{DOCS_VIDEO}","meetingVideoId":null}}',
        headers={"api_key": "dev-key", "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json() == {"error": "video_invalid_id", "message": twice("meetingVideoId")}
    assert store(client) == before
    after = [v["state"] for v in client.get(listing, headers={"api_key": "dev-key"}).json()["videos"]]
    assert after == states


# --- every vendor and the control API ---------------------------------------------------------


def _with_twice(write, key: str, first: object) -> str:
    """The write's body with `key` given first as `first`, then as the write gives it."""
    text = json.dumps(write.body)
    return f'{{"{key}": {json.dumps(first)}, {text[1:]}'


@pytest.mark.parametrize(
    ("vendor", "key", "named"),
    [
        ("apivideo", "title", "title"),
        ("nomad", "userId", "userId"),
        ("syngrafii", "packageId", "package_invalid_id"),
        ("admin", "seed", "/seed"),
    ],
)
def test_a_top_level_member_given_twice_is_a_400_naming_it(seeded, client, vendor, key, named):
    write = writes(seeded)[vendor]
    first = write.body[key] if vendor != "admin" else 8
    before = store(client)
    response = send(client, write, _with_twice(write, key, first))
    assert response.status_code == 400
    assert named_place(vendor, response) == named
    assert store(client) == before


def test_jtv_ingest_with_a_field_twice_inside_an_item_is_a_400_naming_it(seeded, client):
    write = writes(seeded)["jtv"]
    asset = write.body["view_data"][0]["asset_id"]
    before = store(client)
    body = f'{{"view_data": [{{"asset_id": "{asset}", "user_rating": 3, "user_rating": 5}}]}}'
    response = send(client, write, body)
    assert response.status_code == 400
    assert response.json() == {
        "result": "error",
        "message": "BAD_REQUEST",
        "reason": twice("user_rating", "view_data/0"),
        "field": "view_data[0].user_rating",
    }
    assert store(client) == before


def test_api_video_create_with_a_metadata_key_twice_is_a_400_naming_it(client):
    before = store(client)
    response = client.post(
        "/apivideo/videos",
        content='{"title": "Launch", "metadata": [{"key": "a", "value": "1", "key": "b"}]}',
        headers={**BEARER, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["name"] == "metadata.0.key"
    assert store(client) == before


def test_api_video_token_with_the_key_twice_issues_no_token(client):
    response = client.post(
        "/apivideo/auth/api-key",
        content='{"apiKey": "wrong", "apiKey": "dev-key"}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["name"] == "apiKey"


def test_nomad_login_with_the_password_twice_is_a_400_naming_it(client):
    response = client.post(
        "/nomad/api/account/login",
        content='{"userName": "dev@nomad.example", "password": "x", "password": "dev-password"}',
        headers={"Content-Type": "text/json"},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"password": [twice("password")]}


def test_admin_fault_rule_with_a_nested_member_twice_adds_nothing(client):
    response = client.post(
        "/__admin/faults",
        content='{"match": {"api": "apivideo", "api": "nomad"}, "status": 503}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert (response.json()["pointer"], response.json()["detail"]) == ("/match/api", twice("api", "match"))
    assert client.get("/__admin/faults").json()["faults"] == []


def test_admin_import_with_a_column_twice_in_a_row_keeps_the_store(client):
    before = store(client)
    text = json.dumps(before)
    row = '{"video_id": '
    assert row in text
    doubled = text.replace(row, '{"video_id": "viTwice", "video_id": ', 1)
    response = client.post("/__admin/import", content=doubled, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["pointer"] == "/tables/apivideo_videos/0/video_id"
    assert store(client) == before


# --- the dashboard reads its JSON the same way ------------------------------------------------


ALERT = '<p class="message error" role="alert">'


def message(html: str) -> str:
    start = html.index(ALERT) + len(ALERT)
    return html[start : html.index("</p>", start)]


def test_dashboard_fault_rule_with_a_member_twice_adds_nothing():
    client = make_client()
    refused = client.post(UI + "/faults", data={"rule": '{"status": 503, "status": 200}'})
    assert refused.status_code == 400
    shown = f"The rule is refused: {twice('status')} (at /status)"
    assert message(refused.text) == shown.replace("'", "&#39;")
    assert client.get("/__admin/faults").json()["faults"] == []


def test_dashboard_latency_with_a_member_twice_keeps_none():
    client = make_client()
    refused = client.post(UI + "/latency", data={"delay": '{"fixed": "5ms", "fixed": "1s"}'})
    assert refused.status_code == 400 and "(at /fixed)" in message(refused.text)
    assert client.get("/__admin/latency").json() == {"delay": None}


def test_dashboard_import_with_a_member_twice_keeps_the_store():
    client = make_client()
    before = store(client)
    text = json.dumps(before).replace('"size": ', '"size": "large", "size": ', 1)
    snapshot = ("twice.json", text.encode(), "application/json")
    refused = client.post(UI + "/import", files={"snapshot": snapshot})
    assert refused.status_code == 400 and "(at /size)" in message(refused.text)
    assert store(client) == before
