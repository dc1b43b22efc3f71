"""Array and object query parameters read as their `style`/`explode` say: a repeated exploded
value is one item (commas inside it are data), a non-exploded value is split on commas."""

from __future__ import annotations

import pytest

from apivideo_world import API, DEV
from conftest import DEV as IBM_DEV
from conftest import IBM, segment, sid
from vidmock.http.errors import ApiError
from vidmock.http.uri_parser import StyleAwareURIParser


def create(client, title: str, **fields) -> str:
    response = client.post(f"{API}/videos", headers=DEV, json={"title": title, **fields})
    assert response.status_code in (201, 202)
    return response.json()["videoId"]


def titles(client, query: str) -> list[str]:
    response = client.get(f"{API}/videos?{query}", headers=DEV)
    assert response.status_code == 200
    return sorted(video["title"] for video in response.json()["data"])


def test_a_tag_holding_a_comma_is_found_as_the_official_client_asks(empty_client):
    create(empty_client, "one tag", tags=["rock, pop"])
    create(empty_client, "two tags", tags=["rock", " pop"])
    # The api.video clients send each item as its own `tags[]`, percent-encoded.
    assert titles(empty_client, "tags[]=rock%2C%20pop") == ["one tag"]


def test_each_repeated_tag_is_one_item(empty_client):
    create(empty_client, "one tag", tags=["rock,pop"])
    create(empty_client, "two tags", tags=["rock", "pop"])
    assert titles(empty_client, "tags[]=rock&tags[]=pop") == ["two tags"]
    assert titles(empty_client, "tags[]=rock,pop") == ["one tag"]


def test_a_metadata_value_holding_a_comma_is_one_value(empty_client):
    create(empty_client, "tagged", metadata=[{"key": "Genre", "value": "rock, pop"}])
    create(empty_client, "other", metadata=[{"key": "Genre", "value": "rock"}])
    assert titles(empty_client, "metadata[Genre]=rock%2C%20pop") == ["tagged"]


@pytest.mark.parametrize(
    "query",
    [
        "metadata[Genre]=rock&metadata[Genre]=pop",
        "metadata[]=1&metadata[]=2",
        "metadata[Genre][Sub]=rock",
        "metadata=rock",
    ],
    ids=["a key sent twice", "an empty key sent twice", "a nested key", "no key"],
)
def test_metadata_that_is_no_map_of_strings_is_refused_naming_metadata(empty_client, query):
    create(empty_client, "rock", metadata=[{"key": "Genre", "value": "rock"}])
    response = empty_client.get(f"{API}/videos?{query}", headers=DEV)
    assert response.status_code == 400
    assert response.json()["name"] == "metadata"
    assert response.json()["type"] == "https://docs.api.video/docs/attributeinvalid"


def test_ibm_content_ids_are_one_comma_separated_value(empty_client, add_segments):
    add_segments(
        segment("live-7", 1_790_000_000, 1_790_000_100, content_type="live", content_id=7),
        segment("live-8", 1_790_000_000, 1_790_000_100, content_type="live", content_id=8),
        segment("live-9", 1_790_000_000, 1_790_000_100, content_type="live", content_id=9),
    )
    query = "date_time_from=2026-09-01T00:00:00Z&date_time_to=2026-09-30T00:00:00Z"
    response = empty_client.get(f"{IBM}/views/live?{query}&content_id=7%2C9", headers=IBM_DEV)
    assert response.status_code == 200
    found = {item["attributes"]["view_id"] for item in response.json()["data"]}
    assert found == {sid("live-7"), sid("live-9")}


def _parser(style: str | None, explode: bool | None, where: str = "query") -> StyleAwareURIParser:
    definition: dict = {"name": "ids", "in": where, "schema": {"type": "array", "items": {"type": "integer"}}}
    if style is not None:
        definition["style"] = style
    if explode is not None:
        definition["explode"] = explode
    return StyleAwareURIParser([definition], {})


@pytest.mark.parametrize(
    ("style", "explode", "values", "items"),
    [
        (None, None, ["1", "2"], [1, 2]),  # form, exploded: one item per repeat
        ("form", True, ["1,2"], ["1,2"]),  # a comma inside an exploded item is data
        ("form", False, ["1,2"], [1, 2]),
        ("pipeDelimited", False, ["1|2"], [1, 2]),
        ("spaceDelimited", False, ["1 2"], [1, 2]),
        ("pipeDelimited", True, ["1|2", "3"], ["1|2", 3]),
    ],
)
def test_query_arrays_by_style_and_explode(style, explode, values, items):
    assert _parser(style, explode).resolve_query({"ids": values}) == {"ids": items}


@pytest.mark.parametrize(
    ("style", "delimiter"), [("form", ","), ("pipeDelimited", "|"), ("spaceDelimited", " ")]
)
def test_a_list_held_in_one_value_sent_twice_is_refused_naming_it(style, delimiter):
    with pytest.raises(ApiError) as refused:
        _parser(style, False).resolve_query({"ids": ["1", f"2{delimiter}3"]})
    assert (refused.value.status, refused.value.parameter, refused.value.location) == (400, "ids", "query")
    assert refused.value.detail == (
        f"Query parameter 'ids' was sent 2 times; its items go in one value, separated by {delimiter!r} "
        f"(ids=1{delimiter}2)"
    )


def test_path_arrays_are_comma_separated():
    assert _parser(None, None, "path").resolve_path({"ids": "1,2"}) == {"ids": [1, 2]}
