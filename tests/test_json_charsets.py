"""JSON is UTF-8 (RFC 8259 §8.1), and a body is decoded once: the value the spec checks is the
value the operation acts on. A JSON body labelled with another charset is a 400 in the vendor's
shape naming `Content-Type`, and nothing is written."""

from __future__ import annotations

import json

import pytest

from body_writes import BEARER, named_place, send, store, writes
from vidmock.http.json_bodies import is_utf8

VENDORS = ["apivideo", "jtv", "nomad", "syngrafii", "admin"]
# What each vendor's error shape names for a header (Syngrafii has a code instead of a name).
NAMED_HEADER = {
    "apivideo": "Content-Type",
    "jtv": "Content-Type",
    "nomad": "Content-Type",
    "syngrafii": "request_invalid_parameter",
    "admin": "Content-Type",
}
LATIN_1_REFUSED = (
    "Content-Type: charset 'iso-8859-1' is refused: a JSON body is UTF-8 (RFC 8259 §8.1); "
    "send charset=utf-8 or no charset"
)

pytest_plugins = ["body_fixtures"]


def message(vendor: str, response) -> str:
    """The error's text, from the vendor's own shape."""
    field = {"jtv": "reason", "syngrafii": "message"}.get(vendor, "detail")
    return response.json()[field]


@pytest.mark.parametrize(
    ("charset", "utf8"),
    [
        (None, True),
        ("utf-8", True),
        ("utf8", True),
        ("UTF-8", True),
        ("iso-8859-1", False),
        ("utf-16", False),
        ("us-ascii", False),
        ("utf-8-sig", False),
        ("klingon", False),
    ],
)
def test_only_utf8_under_any_of_its_names_or_no_charset_lets_json_through(charset, utf8):
    assert is_utf8(charset) is utf8


# --- the given instance -----------------------------------------------------------------------


def test_api_video_create_with_a_latin_1_body_is_a_400_naming_content_type_and_creates_nothing(client):
    before = store(client)
    response = client.post(
        "/apivideo/videos",
        content=b'{"title":"caf\xe9"}',
        headers={**BEARER, "Content-Type": "application/json; charset=iso-8859-1"},
    )
    assert response.status_code == 400
    problem = {
        "type": "https://docs.api.video/docs/attributeinvalid",
        "title": "This attribute is invalid.",
        "name": "Content-Type",
        "status": 400,
        "detail": LATIN_1_REFUSED,
    }
    assert response.json() == {**problem, "problems": [problem]}
    assert store(client) == before


def test_utf8_labelled_latin_1_is_refused_too_never_stored_under_another_reading(client):
    before = store(client)
    response = client.post(
        "/apivideo/videos",
        content='{"title":"café"}'.encode(),
        headers={**BEARER, "Content-Type": "application/json; charset=ISO-8859-1"},
    )
    assert response.status_code == 400
    assert response.json()["name"] == "Content-Type"
    assert store(client) == before


# --- every vendor and the control API ---------------------------------------------------------


def _latin_1(body: dict) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode("latin-1")


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_json_body_in_another_charset_is_a_400_naming_content_type(seeded, client, vendor):
    write = writes(seeded)[vendor]
    before = store(client)
    response = send(client, write, _latin_1(write.body), "application/json; charset=iso-8859-1")
    assert response.status_code == 400
    assert named_place(vendor, response) == NAMED_HEADER[vendor]
    assert message(vendor, response) == LATIN_1_REFUSED
    assert store(client) == before


def test_syngrafii_delete_of_one_video_in_latin_1_deletes_nothing(seeded, client):
    video = seeded["tables"]["syngrafii_videos"][0]
    package = video["package_id"]
    before = store(client)
    response = client.post(
        f"/syngrafii/api/v1/packages/{package}/videos/delete",
        content=_latin_1({"packageId": package, "meetingVideoId": video["meeting_video_id"]}),
        headers={"api_key": "dev-key", "Content-Type": "application/json; charset=iso-8859-1"},
    )
    assert response.status_code == 400
    assert response.json() == {"error": "request_invalid_parameter", "message": LATIN_1_REFUSED}
    assert store(client) == before


@pytest.mark.parametrize("content_type", ["application/json; charset=latin-1", "text/json; charset=utf-16"])
def test_nomad_login_in_another_charset_is_a_400_naming_content_type(client, content_type):
    body = {"userName": "dev@nomad.example", "password": "dev-password"}
    response = client.post(
        "/nomad/api/account/login",
        content=json.dumps(body).encode(content_type.rpartition("=")[2]),
        headers={"Content-Type": content_type},
    )
    assert response.status_code == 400
    assert named_place("nomad", response) == "Content-Type"


def test_api_video_token_in_utf_16_is_a_400_naming_content_type(client):
    response = client.post(
        "/apivideo/auth/api-key",
        content='{"apiKey":"dev-key"}'.encode("utf-16"),
        headers={"Content-Type": "application/json; charset=utf-16"},
    )
    assert response.status_code == 400
    assert response.json()["name"] == "Content-Type"


# --- UTF-8 is one text everywhere -------------------------------------------------------------


@pytest.mark.parametrize("vendor", VENDORS)
def test_utf8_under_another_name_is_accepted(seeded, client, vendor):
    write = writes(seeded)[vendor]
    response = send(client, write, json.dumps(write.body), "application/json; charset=UTF8")
    assert response.status_code == write.ok, response.text


def test_a_utf8_title_is_stored_as_sent(client):
    response = client.post(
        "/apivideo/videos",
        content='{"title":"café"}'.encode(),
        headers={**BEARER, "Content-Type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 201
    video = client.get(f"/apivideo/videos/{response.json()['videoId']}", headers=BEARER)
    assert video.json()["title"] == "café"


# --- the operation acts on the body the spec checked ------------------------------------------


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_json_body_without_content_type_is_read_as_the_operations_json(seeded, client, vendor):
    write = writes(seeded)[vendor]
    response = client.request(write.method, write.path, content=json.dumps(write.body), headers=write.headers)
    assert response.status_code == write.ok, response.text


def test_api_video_create_without_content_type_stores_the_title_sent(client):
    response = client.post("/apivideo/videos", content='{"title":"Launch"}', headers=BEARER)
    assert response.status_code == 201
    assert response.json()["title"] == "Launch"


def test_nomad_delete_under_text_json_deletes_what_the_body_names(seeded, client):
    user = seeded["tables"]["nomad_tracking"][0]["user_id"]
    response = client.post(
        "/nomad/api/admin/user/userVideoTracking/delete",
        content=json.dumps({"userId": user}),
        headers={**BEARER, "Content-Type": "text/json"},
    )
    assert response.status_code == 200
    left = [row["user_id"] for row in store(client)["tables"]["nomad_tracking"]]
    assert user not in left
    assert len(left) == len(seeded["tables"]["nomad_tracking"]) - sum(
        row["user_id"] == user for row in seeded["tables"]["nomad_tracking"]
    )
