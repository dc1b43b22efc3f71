"""A read's handler gets its arguments from what its operation fixes (vidmock.specs.operations):
path and query parameters read and coerced as declared, query defaults where a parameter is not
sent, the security context. The same read sent with a (empty) body takes Connexion's own way to
the handler and answers the same bytes."""

from __future__ import annotations

import pytest

from conftest import DEV, IBM

WEEK = {"date_time_from": "2026-11-10T00:00:00Z", "date_time_to": "2026-11-17T00:00:00Z"}
CHUNKED_EMPTY = {"Transfer-Encoding": "chunked"}
BEARER = {"Authorization": "Bearer dev-token"}


def test_query_defaults_reach_the_handler(client):
    answer = client.get(IBM + "/total-views/day", params=WEEK, headers=DEV).json()
    assert len(answer["data"]) == 7  # `_limit` left out: its default of 10 covers the week
    assert answer["pagination"]["self"]["href"].endswith("&_page=1&_limit=10")


def test_a_sent_query_parameter_overrides_its_default(client):
    answer = client.get(IBM + "/total-views/day", params={**WEEK, "_limit": 3}, headers=DEV).json()
    assert len(answer["data"]) == 3
    assert answer["pagination"]["next"]["href"].endswith("&_limit=3&_page=2")  # the query's order kept


@pytest.mark.parametrize(
    ("path", "params", "headers"),
    [
        (IBM + "/total-views/day", {**WEEK, "_limit": 4}, DEV),
        (IBM + "/unique-devices/location", WEEK, DEV),
        ("/apivideo/videos", {"pageSize": 2, "currentPage": 2}, BEARER),
        ("/jtv/metax/2.1/activity/fav/nobody@example.com", {"size": "max"}, BEARER),
    ],
)
def test_a_read_answers_the_same_whichever_way_its_arguments_are_made(client, path, params, headers):
    plain = client.get(path, params=params, headers=headers)
    with_body = client.request("GET", path, params=params, headers={**headers, **CHUNKED_EMPTY}, content=b"")
    assert plain.status_code == 200
    assert (with_body.status_code, with_body.content) == (plain.status_code, plain.content)


def test_a_spec_default_reaches_a_handler_that_takes_any_keyword(client):
    # The journal listing's handler takes `**filters`: `limit` is there only as the spec's default.
    for _ in range(105):
        client.get("/__admin/health")
    listed = client.get("/__admin/requests").json()
    assert len(listed["requests"]) == 100
    with_body = client.request("GET", "/__admin/requests", headers=CHUNKED_EMPTY, content=b"").json()
    assert len(with_body["requests"]) == 100
