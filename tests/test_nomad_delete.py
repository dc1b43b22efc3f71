"""POST /admin/user/userVideoTracking/delete: every filter combination against one hand-built
world, with the exact surviving records; bad bodies; every JSON media type; XML refused."""

from __future__ import annotations

import json

import pytest

pytest.register_assert_rewrite("nomad_fixtures")
pytest_plugins = ["nomad_fixtures"]

from nomad_fixtures import DELETE, DEV, NOMAD, asset, nid, record, user  # noqa: E402
from vidmock.apis.nomad.accounts import DEV_USER_ID  # noqa: E402

pytestmark = pytest.mark.also_on_postgresql

# alice watched a1 and a2 (both of content c1) and a3 (content c2); bob watched a1 and a3.
RECORDS = {
    "alice/a1": record("alice", "a1", "c1"),
    "alice/a2": record("alice", "a2", "c1"),
    "alice/a3": record("alice", "a3", "c2"),
    "bob/a1": record("bob", "a1", "c1"),
    "bob/a3": record("bob", "a3", "c2"),
}
ZERO = "00000000-0000-0000-0000-000000000000"


@pytest.fixture
def world(empty_client, nomad_world, stored):
    nomad_world(user("alice"), user("bob"), *RECORDS.values())
    return empty_client


def survivors(stored) -> set[str]:
    by_id = {row["id"]: name for name, row in RECORDS.items()}
    return {by_id[record_id] for record_id in stored()}


@pytest.mark.parametrize(
    ("body", "left"),
    [
        ({"userId": nid("alice")}, {"bob/a1", "bob/a3"}),
        ({"assetId": nid("a1")}, {"alice/a2", "alice/a3", "bob/a3"}),
        ({"contentId": nid("c1")}, {"alice/a3", "bob/a3"}),
        ({"userId": nid("alice"), "assetId": nid("a1")}, {"alice/a2", "alice/a3", "bob/a1", "bob/a3"}),
        ({"userId": nid("alice"), "contentId": nid("c1")}, {"alice/a3", "bob/a1", "bob/a3"}),
        ({"assetId": nid("a1"), "contentId": nid("c1")}, {"alice/a2", "alice/a3", "bob/a3"}),
        # AND, not OR: a3 is not of c1, so nothing matches both.
        ({"assetId": nid("a3"), "contentId": nid("c1")}, set(RECORDS)),
        (
            {"userId": nid("bob"), "assetId": nid("a1"), "contentId": nid("c1")},
            {"alice/a1", "alice/a2", "alice/a3", "bob/a3"},
        ),
        ({"userId": nid("carol")}, set(RECORDS)),  # deleting nothing is still a 200
        ({"userId": nid("alice"), "assetId": None, "contentId": None}, {"bob/a1", "bob/a3"}),
        ({"userId": ZERO, "assetId": nid("a3")}, {"alice/a1", "alice/a2", "bob/a1"}),  # zero = not set
        ({"assetId": nid("a1").upper()}, {"alice/a2", "alice/a3", "bob/a3"}),
        # The rest of the model is accepted but filters nothing.
        (
            {"userId": nid("bob"), "isComplete": True, "videoTrackingAttribute": "Watchlist"},
            set(RECORDS) - {"bob/a1", "bob/a3"},
        ),
    ],
)
def test_filters_combine_with_and(world, stored, body, left):
    response = world.post(DELETE, json=body, headers=DEV)
    assert response.status_code == 200
    assert response.content == b""
    assert survivors(stored) == left


def test_the_records_left_are_unchanged(world, stored):
    before = stored()
    world.post(DELETE, json={"contentId": nid("c1")}, headers=DEV)
    after = stored()
    assert after == {key: row for key, row in before.items() if row["content_id"] != nid("c1")}


@pytest.mark.parametrize(
    "media_type",
    ["application/json-patch+json", "application/json", "text/json", "application/vnd.nomad+json"],
)
def test_every_json_media_type_the_vendor_lists(world, stored, media_type):
    body = json.dumps({"userId": nid("bob")})
    response = world.post(DELETE, content=body, headers={**DEV, "Content-Type": media_type})
    assert response.status_code == 200
    assert survivors(stored) == {"alice/a1", "alice/a2", "alice/a3"}


@pytest.mark.parametrize("media_type", ["application/xml", "text/xml", "application/problem+xml"])
def test_xml_is_refused_with_415_and_nothing_deleted(world, stored, media_type):
    xml = f"<UserVideoTrackingModel><UserId>{nid('bob')}</UserId></UserVideoTrackingModel>"
    response = world.post(DELETE, content=xml, headers={**DEV, "Content-Type": media_type})
    assert response.status_code == 415
    problem = response.json()
    assert problem["status"] == 415 and "JSON bodies only" in problem["detail"]
    assert survivors(stored) == set(RECORDS)


NO_FILTER = ["userId", "assetId", "contentId"]


@pytest.mark.parametrize(
    ("raw", "field", "says"),
    [
        (b"", "$", "The input model is null"),
        (b"null", "$", "The input model is null"),
        (b"[]", "$", "must be a JSON object"),
        (b'"alice"', "$", "must be a JSON object"),
        (b"42", "$", "must be a JSON object"),
        (b"{", "$", "Malformed JSON"),
        (b"{}", NO_FILTER, "names no filter"),
        (b'{"assetId": null, "contentId": null}', NO_FILTER, "names no filter"),
        (f'{{"userId": "{ZERO}"}}'.encode(), NO_FILTER, "names no filter"),
        (b'{"isComplete": true}', NO_FILTER, "names no filter"),
        (b'{"userId": "alice"}', "userId", "'alice' is not a valid uuid"),
        (b'{"assetId": "1234"}', "assetId", "'1234' is not a valid uuid"),
        (b'{"userId": null}', "userId", "None is not of type 'string'"),
        (
            f'{{"userId": "{nid("bob")}", "isComplete": "yes"}}'.encode(),
            "isComplete",
            "is not of type 'boolean'",
        ),
        (
            f'{{"userId": "{nid("bob")}", "videoTrackingAttribute": "Favorite"}}'.encode(),
            "videoTrackingAttribute",
            "is not one of",
        ),
        (
            f'{{"userId": "{nid("bob")}", "maxSeconds": 3}}'.encode(),
            "maxSeconds",
            "'maxSeconds' was unexpected",
        ),
    ],
)
def test_bad_bodies_are_400_problem_details_naming_the_field(world, stored, raw, field, says):
    response = world.post(DELETE, content=raw, headers={**DEV, "Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    problem = response.json()
    assert problem["status"] == 400 and problem["title"] == "Bad Request"
    assert problem["type"].startswith("https://tools.ietf.org/html/rfc9110")
    assert says in problem["detail"]
    fields = field if isinstance(field, list) else [field]
    assert sorted(problem["errors"]) == sorted(fields)
    assert survivors(stored) == set(RECORDS)


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "dev-token"}]
)
def test_without_a_valid_bearer_token_it_is_401_and_nothing_deleted(world, stored, headers):
    response = world.post(DELETE, json={"userId": nid("alice")}, headers=headers)
    assert response.status_code == 401
    assert response.json()["status"] == 401
    assert survivors(stored) == set(RECORDS)


def test_after_a_delete_my_content_no_longer_shows_the_items_and_nothing_else_changed(
    empty_client, nomad_world
):
    nomad_world(
        asset("w1", "c1"),
        asset("w2", "c2"),
        record("dev", "w1", "c1", last_beacon_date="2026-11-20T10:00:00.000Z"),
        record("dev", "w2", "c2", last_beacon_date="2026-11-21T10:00:00.000Z"),
        record("dev", "l1", video_tracking_attribute="Watchlist", last_beacon_date=None),
    )
    before = empty_client.get(f"{NOMAD}/media/my-content", headers=DEV).json()
    assert [item["id"] for item in before["watching"]] == [nid("w2"), nid("w1")]
    assert empty_client.post(DELETE, json={"assetId": nid("w1")}, headers=DEV).status_code == 200
    after = empty_client.get(f"{NOMAD}/media/my-content", headers=DEV).json()
    assert after == {**before, "watching": before["watching"][:1]}
    assert empty_client.post(DELETE, json={"userId": DEV_USER_ID}, headers=DEV).status_code == 200
    emptied = empty_client.get(f"{NOMAD}/media/my-content", headers=DEV).json()
    assert emptied == {"watchlist": [], "watching": [], "likedContent": [], "dislikedContent": []}
