"""Media types are case-insensitive and may carry whitespace and parameters (RFC 9110 §8.3):
every spelling of a media type takes the same path through parsing and validation."""

from __future__ import annotations

import json

import pytest

from body_writes import BEARER, IBM_TOKEN_FORM, JTV_BASIC, named_place, send, store, writes
from vidmock.http.media_types import MediaTypeError, UnsupportedCharset, parse_media_type

SPELLINGS = ["Application/JSON", 'Application/JSON; Charset="UTF-8"', " application/json ; charset=utf-8"]
VENDORS = ["apivideo", "jtv", "nomad", "syngrafii", "admin"]

pytest_plugins = ["body_fixtures"]


# --- the parser -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        ("application/json", "application/json"),
        ("Application/JSON", "application/json"),
        ('Application/JSON; Charset="UTF-8"', "application/json;charset=utf-8"),
        (" application/json ; charset=utf-8", "application/json;charset=utf-8"),
        ("Application/X-WWW-Form-URLEncoded", "application/x-www-form-urlencoded"),
        ('text/plain; Format="a b;c"', 'text/plain;format="a b;c"'),
        ("application/vnd.Nomad+JSON", "application/vnd.nomad+json"),
    ],
)
def test_a_media_type_is_written_in_one_canonical_form(value, canonical):
    assert parse_media_type(value).canonical() == canonical


def test_json_is_recognised_by_its_subtype_or_its_suffix():
    assert parse_media_type("Text/JSON").is_json
    assert parse_media_type("application/merge-patch+json").is_json
    assert not parse_media_type("application/xml").is_json


@pytest.mark.parametrize(
    "value", ["", "json", "application/", "/json", "application/json, text/plain", "a b/c"]
)
def test_what_is_not_type_slash_subtype_is_refused(value):
    with pytest.raises(MediaTypeError, match="is not a media type"):
        parse_media_type(value)


def test_a_charset_python_cannot_decode_is_refused():
    with pytest.raises(UnsupportedCharset, match="charset 'klingon' is not supported"):
        parse_media_type("application/json; charset=klingon")


# --- the given instances ----------------------------------------------------------------------


def test_api_video_token_with_a_capitalised_media_type(client):
    response = client.post(
        "/apivideo/auth/api-key", content='{"apiKey":"dev-key"}', headers={"Content-Type": "Application/JSON"}
    )
    assert response.status_code == 200
    assert response.json()["token_type"] == "Bearer"


def test_api_video_create_with_a_capitalised_media_type(client):
    body = json.dumps({"title": "Launch"})
    response = client.post(
        "/apivideo/videos", content=body, headers={**BEARER, "Content-Type": "Application/JSON"}
    )
    assert response.status_code == 201
    assert response.json()["title"] == "Launch"


def test_nomad_login_with_a_capitalised_media_type(client):
    body = json.dumps({"userName": "dev@nomad.example", "password": "dev-password"})
    response = client.post(
        "/nomad/api/account/login", content=body, headers={"Content-Type": "Application/JSON"}
    )
    assert response.status_code == 200
    assert response.json()["userName"] == "dev@nomad.example"


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.parametrize("content_type", SPELLINGS)
def test_a_write_of_each_vendor_accepts_every_spelling(seeded, client, vendor, content_type):
    write = writes(seeded)[vendor]
    response = send(client, write, json.dumps(write.body), content_type)
    assert response.status_code == write.ok, response.text


def test_nomad_refuses_an_unknown_property_whatever_the_spelling_and_deletes_nothing(seeded, client):
    write = writes(seeded)["nomad"]
    body = json.dumps({**write.body, "isMidpoint": True})
    before = store(client)
    for content_type in ("application/json", "Application/JSON"):
        response = send(client, write, body, content_type)
        assert response.status_code == 400
        assert named_place("nomad", response) == "isMidpoint"
    assert store(client) == before


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_refusal_is_the_same_whatever_the_spelling(seeded, client, vendor):
    write = writes(seeded)[vendor]
    # A property no schema here allows where it is put (the admin seed and Nomad refuse it;
    # a wrong type everywhere else).
    wrong = {**write.body, **{next(iter(write.body)): {"not": "a string"}}}
    answers = {
        (r.status_code, r.text)
        for r in (send(client, write, json.dumps(wrong), ct) for ct in ("application/json", *SPELLINGS))
    }
    assert len(answers) == 1
    assert answers.pop()[0] == 400


def test_nomad_reads_text_json_in_any_case_and_refuses_xml_in_any_case(seeded, client):
    write = writes(seeded)["nomad"]
    before = store(client)
    xml = send(client, write, "<UserVideoTrackingModel/>", "Application/XML")
    assert xml.status_code == 415
    assert named_place("nomad", xml) == "Content-Type"
    assert store(client) == before
    assert send(client, write, json.dumps(write.body), "Text/JSON; Charset=UTF-8").status_code == 200


@pytest.mark.parametrize(
    "content_type",
    ["Application/X-WWW-Form-URLEncoded", " application/x-www-form-urlencoded ; Charset=UTF-8"],
)
def test_oauth_token_forms_in_any_spelling(client, content_type):
    ibm = client.post(
        "/ibm-analytics/oauth2/token", content=IBM_TOKEN_FORM, headers={"Content-Type": content_type}
    )
    assert ibm.status_code == 200, ibm.text
    assert ibm.json()["token_type"].lower() == "bearer"
    jtv = client.post(
        "/jtv/ums/2.0/oauth/",
        content="grant_type=client_credentials",
        headers={**JTV_BASIC, "Content-Type": content_type},
    )
    assert jtv.status_code == 200, jtv.text
    assert jtv.json()["access_token"]


def test_an_oauth_form_refusal_does_not_depend_on_the_spelling(client):
    for content_type in ("application/x-www-form-urlencoded", "APPLICATION/X-WWW-FORM-URLENCODED"):
        response = client.post(
            "/jtv/ums/2.0/oauth/",
            content="grant_type=password",
            headers={**JTV_BASIC, "Content-Type": content_type},
        )
        assert response.status_code == 400
        assert named_place("jtv", response) == "grant_type"


# --- malformed Content-Type -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("vendor", "named"),
    [
        ("apivideo", "Content-Type"),
        ("jtv", "Content-Type"),
        ("nomad", "Content-Type"),
        ("syngrafii", "request_invalid_parameter"),
        ("admin", "Content-Type"),
    ],
)
def test_a_content_type_that_is_not_a_media_type_is_a_400_naming_the_header(seeded, client, vendor, named):
    write = writes(seeded)[vendor]
    before = store(client)
    response = send(client, write, json.dumps(write.body), "json")
    assert response.status_code == 400
    assert named_place(vendor, response) == named
    assert "Content-Type" in response.text and "'json' is not a media type" in response.text
    assert store(client) == before


def test_an_ibm_token_request_with_a_malformed_content_type_is_refused_in_oauth_shape(client):
    response = client.post(
        "/ibm-analytics/oauth2/token", content=IBM_TOKEN_FORM, headers={"Content-Type": "form; x"}
    )
    assert response.status_code == 400
    assert named_place("ibm-oauth", response) == "invalid_request"
    assert "Content-Type" in response.json()["error_description"]


@pytest.mark.parametrize("vendor", VENDORS)
def test_an_unknown_charset_is_a_415_naming_the_header(seeded, client, vendor):
    write = writes(seeded)[vendor]
    before = store(client)
    response = send(client, write, json.dumps(write.body), "application/json; charset=klingon")
    assert response.status_code == 415
    assert "Content-Type: charset 'klingon' is not supported" in response.text
    assert store(client) == before


def test_two_different_content_types_are_a_400(seeded, client):
    write = writes(seeded)["apivideo"]
    response = client.request(
        write.method,
        write.path,
        content=json.dumps(write.body),
        headers=[
            *write.headers.items(),
            ("Content-Type", "application/json"),
            ("Content-Type", "text/plain"),
        ],
    )
    assert response.status_code == 400
    assert named_place("apivideo", response) == "Content-Type"
