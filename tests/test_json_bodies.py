"""JSON request bodies (RFC 8259): NaN and Infinity are not numbers, and nesting is bounded;
either is a 400 in the vendor's shape naming the place, and nothing is written.
(IBM's only request bodies are OAuth forms; its token endpoint is covered by the body limit.)"""

from __future__ import annotations

import json

import pytest

from body_writes import BEARER, named_place, send, store, writes
from vidmock.http.json_bodies import MAX_DEPTH, JSONBodyError, nesting_depth, parse_json_body

VENDORS = ["apivideo", "jtv", "nomad", "syngrafii", "admin"]

pytest_plugins = ["body_fixtures"]


# --- the parser -------------------------------------------------------------------------------


def test_nesting_is_counted_outside_strings_only():
    assert nesting_depth('{"a": [1, {"b": []}]}') == 4
    assert nesting_depth('{"a": "[[[[{{{{", "b": "\\"[["}') == 1
    assert nesting_depth("42") == 0


@pytest.mark.parametrize(
    ("text", "pointer", "literal"),
    [
        ('{"a": NaN}', "/a", "NaN"),
        ('{"a": [1, 2, {"b/c": Infinity}]}', "/a/2/b~1c", "Infinity"),
        ("[-Infinity]", "/0", "-Infinity"),
        ('{"n": 1e400}', "/n", "1e400"),
        ("NaN", "", "NaN"),
    ],
)
def test_non_numbers_are_refused_at_their_pointer(text, pointer, literal):
    with pytest.raises(JSONBodyError) as refused:
        parse_json_body(text.encode())
    assert (refused.value.pointer, refused.value.detail) == (
        pointer,
        f"{literal} is not a JSON number (RFC 8259 allows finite numbers only)",
    )


def test_the_first_non_number_in_document_order_is_named():
    with pytest.raises(JSONBodyError) as refused:
        parse_json_body(b'{"a": 1, "b": [2, NaN], "c": Infinity}')
    assert refused.value.pointer == "/b/1"


def test_finite_numbers_and_the_words_as_strings_pass():
    assert parse_json_body(b'{"a": 1.5e300, "b": "NaN", "c": -0.0}') == {"a": 1.5e300, "b": "NaN", "c": -0.0}


def test_nesting_up_to_the_limit_parses_and_one_more_level_is_refused():
    deep = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert nesting_depth(deep) == MAX_DEPTH
    parse_json_body(deep.encode())
    with pytest.raises(JSONBodyError, match=f"nested {MAX_DEPTH + 1} levels deep; at most {MAX_DEPTH}"):
        parse_json_body(f"[{deep}]".encode())


# --- the given instance -----------------------------------------------------------------------


def test_jtv_ingest_with_a_nan_rating_is_a_400_naming_it_and_writes_nothing(seeded, client):
    write = writes(seeded)["jtv"]
    asset = write.body["view_data"][0]["asset_id"]
    before = store(client)
    response = send(client, write, f'{{"view_data": [{{"asset_id": "{asset}", "user_rating": NaN}}]}}')
    assert response.status_code == 400
    assert response.json() == {
        "result": "error",
        "message": "BAD_REQUEST",
        "reason": "NaN is not a JSON number (RFC 8259 allows finite numbers only)",
        "field": "view_data[0].user_rating",
    }
    assert store(client) == before


# --- NaN / Infinity per vendor ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("vendor", "body", "named", "literal"),
    [
        ("apivideo", '{"title": NaN}', "title", "NaN"),
        (
            "jtv",
            '{"view_data": [{"asset_id": "%(asset)s", "user_rating": 1e400}]}',
            "view_data[0].user_rating",
            "1e400",
        ),
        ("nomad", '{"userId": "%(user)s", "maxSecond": Infinity}', "maxSecond", "Infinity"),
        (
            "syngrafii",
            '{"packageId": "%(package)s", "meetingVideoId": -Infinity}',
            "video_invalid_id",
            "-Infinity",
        ),
        ("admin", '{"seed": NaN, "size": "small"}', "/seed", "NaN"),
    ],
)
def test_a_non_number_in_a_body_is_a_400_naming_its_place(seeded, client, vendor, body, named, literal):
    write = writes(seeded)[vendor]
    ids = {
        "asset": seeded["tables"]["jtv_activity"][0]["asset_id"],
        "user": seeded["tables"]["nomad_tracking"][0]["user_id"],
        "package": seeded["tables"]["syngrafii_packages"][0]["package_id"],
    }
    before = store(client)
    response = send(client, write, body % ids)
    assert response.status_code == 400
    assert named_place(vendor, response) == named
    assert f"{literal} is not a JSON number" in response.text
    assert store(client) == before


def test_api_video_create_refuses_infinity_inside_metadata(client):
    before = store(client)
    response = client.post(
        "/apivideo/videos",
        content='{"title": "Launch", "metadata": [{"key": "k", "value": -Infinity}]}',
        headers={**BEARER, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert named_place("apivideo", response) == "metadata.0.value"
    assert store(client) == before


def test_the_words_inside_strings_are_plain_text(seeded, client):
    write = writes(seeded)["apivideo"]
    response = send(client, write, '{"title": "NaN Infinity"}')
    assert response.status_code == 200
    assert response.json()["title"] == "NaN Infinity"


# --- nesting per vendor -----------------------------------------------------------------------

EXPECTED_WHOLE_BODY = {
    "apivideo": "",
    "jtv": None,
    "nomad": "$",
    "syngrafii": "request_invalid_body",
    "admin": "",
}


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_body_nested_a_thousand_levels_is_a_400_in_the_vendors_shape(seeded, client, vendor):
    write = writes(seeded)[vendor]
    body = f'{{"{next(iter(write.body))}": ' + "[" * 1000 + "]" * 1000 + "}"
    assert 2000 < len(body) < 2100
    before = store(client)
    response = send(client, write, body)
    assert response.status_code == 400
    assert named_place(vendor, response) == EXPECTED_WHOLE_BODY[vendor]
    assert "JSON body nested 1001 levels deep; at most 64 are accepted" in response.text
    assert store(client) == before


def test_nesting_within_the_limit_reaches_schema_validation(client):
    # 1 object + 63 arrays = 64 levels: parsed, then refused by the schema at the field.
    body = '{"seed": ' + "[" * 63 + "]" * 63 + ', "size": "small"}'
    response = client.post("/__admin/seed", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["pointer"] == "/seed"
    assert "nested" not in response.json()["detail"]


def test_a_deep_admin_import_is_refused_and_the_store_kept(client):
    before = store(client)
    body = json.dumps(before)[:-1] + ', "extra": ' + "[" * 1000 + "]" * 1000 + "}"
    response = client.post("/__admin/import", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["pointer"] == ""
    assert store(client) == before
