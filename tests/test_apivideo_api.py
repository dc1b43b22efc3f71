"""api.video through the HTTP API: authentication, videos, live streams, their errors."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from apivideo_world import API, DEV, World, live_stream, session, video
from vidmock.apis.apivideo.analytics.tables import sessions
from vidmock.apis.apivideo.videos.tables import videos
from vidmock.storage.store import count_rows

pytestmark = pytest.mark.also_on_postgresql


@pytest.fixture
def world(empty_app) -> World:
    return World(empty_app)


def assert_error(response, status: int, name: str) -> dict:
    body = response.json()
    assert response.status_code == status, body
    assert {"type", "title", "name", "status"} <= set(body)
    assert body["name"] == name and body["status"] == status
    if status == 400:
        assert body["problems"][0]["name"] == name
    return body


# --- authentication -------------------------------------------------------------------------


def test_the_api_key_buys_an_access_and_a_refresh_token_that_work(client):
    answer = client.post(f"{API}/auth/api-key", json={"apiKey": "dev-key"})
    assert answer.status_code == 200
    tokens = answer.json()
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] == 3600
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert client.get(f"{API}/videos", headers=bearer).status_code == 200

    refreshed = client.post(f"{API}/auth/refresh", json={"refreshToken": tokens["refresh_token"]}).json()
    assert refreshed["access_token"] != tokens["access_token"]
    bearer = {"Authorization": f"Bearer {refreshed['access_token']}"}
    assert client.get(f"{API}/live-streams", headers=bearer).status_code == 200


def test_access_tokens_expire_after_an_hour_on_the_mock_clock(app, client):
    token = client.post(f"{API}/auth/api-key", json={"apiKey": "dev-key"}).json()["access_token"]
    bearer = {"Authorization": f"Bearer {token}"}
    app.world.clock.advance(timedelta(minutes=59))
    assert client.get(f"{API}/videos", headers=bearer).status_code == 200
    app.world.clock.advance(timedelta(minutes=1))
    assert_error(client.get(f"{API}/videos", headers=bearer), 401, "Authorization")


def test_a_wrong_api_key_or_refresh_token_is_a_400_naming_it(client):
    body = assert_error(client.post(f"{API}/auth/api-key", json={"apiKey": "nope"}), 400, "apiKey")
    assert body["type"].endswith("authenticationinvalid_credentials")
    assert body["title"] == "The user credentials were incorrect."
    for token in ("nope", "dev-token"):
        assert_error(client.post(f"{API}/auth/refresh", json={"refreshToken": token}), 400, "refreshToken")
    access = client.post(f"{API}/auth/api-key", json={"apiKey": "dev-key"}).json()["access_token"]
    # An access token is no refresh token.
    assert_error(client.post(f"{API}/auth/refresh", json={"refreshToken": access}), 400, "refreshToken")
    assert_error(client.post(f"{API}/auth/api-key", json={}), 400, "apiKey")


def test_the_api_key_opens_the_api_as_http_basic_with_an_empty_password(client):
    """api.video's later clients (the Node.js client from 2.5) send `Basic base64(apiKey:)`."""
    assert client.get(f"{API}/videos", auth=("dev-key", "")).status_code == 200
    for wrong in (("nope", ""), ("dev-key", "secret")):
        body = assert_error(client.get(f"{API}/videos", auth=wrong), 401, "Authorization")
        assert body["detail"].startswith("Basic credentials are the API key as user name")


def test_a_refresh_sent_as_text_by_the_browser_uploader_is_read_as_json(client):
    """`@api.video/video-uploader` posts `JSON.stringify({refreshToken})` with XMLHttpRequest,
    which labels it `text/plain;charset=UTF-8`."""
    refresh = client.post(f"{API}/auth/api-key", json={"apiKey": "dev-key"}).json()["refresh_token"]
    as_text = {"Content-Type": "text/plain;charset=UTF-8"}
    sent = json.dumps({"refreshToken": refresh})
    answer = client.post(f"{API}/auth/refresh", content=sent, headers=as_text)
    assert answer.status_code == 200 and answer.json()["token_type"] == "Bearer"
    assert_error(client.post(f"{API}/auth/refresh", content="{}", headers=as_text), 400, "refreshToken")
    malformed = client.post(f"{API}/auth/refresh", content="refreshToken=1", headers=as_text)
    assert malformed.status_code == 400 and malformed.json()["status"] == 400


def test_other_operations_refuse_text_with_a_415(client):
    answer = client.post(
        f"{API}/auth/api-key", content='{"apiKey": "dev-key"}', headers={"Content-Type": "text/plain"}
    )
    assert_error(answer, 415, "Content-Type")


@pytest.mark.parametrize("header", [None, "Bearer nope", "Basic bm9wZTo=", "Bearer "])
def test_operations_refuse_missing_or_unknown_tokens(client, header):
    headers = {"Authorization": header} if header else {}
    assert_error(client.get(f"{API}/videos", headers=headers), 401, "Authorization")


# --- videos ---------------------------------------------------------------------------------


def test_created_video_is_listed_has_no_sessions_and_waits_for_its_file(empty_client):
    created = empty_client.post(
        f"{API}/videos",
        headers=DEV,
        json={"title": "Maths", "tags": ["maths"], "metadata": [{"key": "Author", "value": "Ada"}]},
    )
    assert created.status_code == 201
    made = created.json()
    assert made["videoId"].startswith("vi") and len(made["videoId"]) == 24
    assert made["public"] is True and made["mp4Support"] is True and made["panoramic"] is False
    assert made["publishedAt"] == "2026-11-24T12:00:00+00:00"
    listed = empty_client.get(f"{API}/videos", headers=DEV).json()
    assert [v["videoId"] for v in listed["data"]] == [made["videoId"]]
    sessions_of = empty_client.get(
        f"{API}/analytics/videos/{made['videoId']}", headers=DEV, params={"period": "2026"}
    )
    assert sessions_of.json()["data"] == [] and sessions_of.json()["pagination"]["itemsTotal"] == 0
    status = empty_client.get(f"{API}/videos/{made['videoId']}/status", headers=DEV).json()
    assert status["ingest"]["status"] == "missing" and status["encoding"]["playable"] is False


def test_a_video_from_a_source_url_is_accepted_for_download(empty_client):
    created = empty_client.post(
        f"{API}/videos", headers=DEV, json={"title": "Remote", "source": "https://example.com/v.mp4"}
    )
    assert created.status_code == 202
    assert created.json()["source"]["uri"] == "https://example.com/v.mp4"
    status = empty_client.get(f"{API}/videos/{created.json()['videoId']}/status", headers=DEV).json()
    assert status["ingest"]["status"] == "uploading"


def test_patch_changes_what_get_returns_and_keeps_the_rest(world, empty_client):
    world.add(vids=[video("viA", title="Old", tags=["a"], player_id="plX", description="kept")])
    patched = empty_client.patch(
        f"{API}/videos/viA", headers=DEV, json={"title": "New", "tags": ["b", "c"], "playerId": None}
    )
    assert patched.status_code == 200
    got = empty_client.get(f"{API}/videos/viA", headers=DEV).json()
    assert got == patched.json()
    assert (got["title"], got["tags"], got["description"]) == ("New", ["b", "c"], "kept")
    assert "playerId" not in got
    assert got["updatedAt"] == "2026-11-24T12:00:00+00:00"


def test_a_deleted_video_is_gone_with_its_sessions_and_events(world, empty_app, empty_client):
    world.add(
        vids=[video("viA"), video("viB")],
        sessions=[session("psA", "2026-03-01T10:00:00+00:00", video_id="viA")],
    )
    assert empty_client.delete(f"{API}/videos/viA", headers=DEV).status_code == 204
    assert_error(empty_client.get(f"{API}/videos/viA", headers=DEV), 404, "videoId")
    analytics = empty_client.get(f"{API}/analytics/videos/viA", headers=DEV, params={"period": "2026"})
    assert_error(analytics, 404, "videoId")
    assert_error(empty_client.get(f"{API}/analytics/sessions/psA/events", headers=DEV), 404, "sessionId")
    assert_error(empty_client.delete(f"{API}/videos/viA", headers=DEV), 404, "videoId")
    with empty_app.world.store.begin() as conn:
        assert count_rows(conn, videos) == 1 and count_rows(conn, sessions) == 0


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/videos/viX"),
        ("patch", "/videos/viX"),
        ("delete", "/videos/viX"),
        ("get", "/videos/viX/status"),
    ],
)
def test_unknown_video_is_a_404_naming_video_id(empty_client, method, path):
    kwargs = {"json": {}} if method == "patch" else {}
    body = assert_error(empty_client.request(method, API + path, headers=DEV, **kwargs), 404, "videoId")
    assert body["title"] == "The requested resource was not found."
    assert "viX" in body["detail"]


@pytest.fixture
def library(world, empty_client):
    world.add(
        streams=[live_stream("liS")],
        vids=[
            video(
                "viA",
                title="Maths video",
                tags=["maths", "video"],
                published_at=3_000,
                metadata=[{"key": "Author", "value": "John Doe"}],
                description="String theory",
            ),
            video(
                "viB",
                title="books",
                tags=["books"],
                published_at=1_000,
                live_stream_id="liS",
                metadata=[{"key": "Author", "value": "John Doe"}, {"key": "Format", "value": "Tutorial"}],
            ),
            video("viC", title="Cooking", tags=["maths"], published_at=2_000),
        ],
    )
    return empty_client


def ids(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [item["videoId"] for item in response.json()["data"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["viB", "viC", "viA"]),
        ({"sortOrder": "desc"}, ["viA", "viC", "viB"]),
        ({"sortBy": "title"}, ["viB", "viC", "viA"]),
        ({"sortBy": "title", "sortOrder": "desc"}, ["viA", "viC", "viB"]),
        ({"title": "VIDEO"}, ["viA"]),
        ({"description": "string"}, ["viA"]),
        ({"tags[]": "maths"}, ["viC", "viA"]),
        ({"tags[]": ["maths", "video"]}, ["viA"]),
        ({"metadata[Author]": "John Doe"}, ["viB", "viA"]),
        ({"metadata[Author]": "John Doe", "metadata[Format]": "Tutorial"}, ["viB"]),
        ({"metadata[Author]": "john doe"}, []),
        ({"liveStreamId": "liS"}, ["viB"]),
        ({"title": "maths", "tags[]": "books"}, []),
    ],
)
def test_video_list_filters_combine_and_sort(library, params, expected):
    assert ids(library.get(f"{API}/videos", headers=DEV, params=params)) == expected


def test_pagination_object_and_links_keep_the_request_query(library):
    body = library.get(
        f"{API}/videos", headers=DEV, params={"pageSize": 1, "currentPage": 2, "title": "o"}
    ).json()
    assert [v["videoId"] for v in body["data"]] == ["viC"]
    links = {link["rel"]: link["uri"] for link in body["pagination"].pop("links")}
    assert body["pagination"] == {
        "currentPage": 2,
        "pageSize": 1,
        "pagesTotal": 3,
        "itemsTotal": 3,
        "currentPageItems": 1,
    }
    assert links == {
        "self": "/videos?pageSize=1&currentPage=2&title=o",
        "first": "/videos?pageSize=1&currentPage=1&title=o",
        "previous": "/videos?pageSize=1&currentPage=1&title=o",
        "next": "/videos?pageSize=1&currentPage=3&title=o",
        "last": "/videos?pageSize=1&currentPage=3&title=o",
    }
    beyond = library.get(f"{API}/videos", headers=DEV, params={"currentPage": 9}).json()["pagination"]
    assert (beyond["currentPageItems"], beyond["itemsTotal"], beyond["pagesTotal"]) == (0, 3, 1)
    assert {link["rel"] for link in beyond["links"]} == {"self", "first", "previous", "last"}
    default = library.get(f"{API}/videos", headers=DEV).json()["pagination"]
    assert default["pageSize"] == 25 and {link["rel"] for link in default["links"]} == {
        "self",
        "first",
        "last",
    }


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"pageSize": 0}, "pageSize"),
        ({"pageSize": 101}, "pageSize"),
        ({"pageSize": "ten"}, "pageSize"),
        ({"currentPage": 0}, "currentPage"),
        ({"sortBy": "views"}, "sortBy"),
        ({"sortOrder": "up"}, "sortOrder"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_list_parameters_are_400s_naming_them(library, params, name):
    assert_error(library.get(f"{API}/videos", headers=DEV, params=params), 400, name)


def test_out_of_range_page_size_uses_api_videos_range_error(library):
    body = assert_error(library.get(f"{API}/videos", headers=DEV, params={"pageSize": 101}), 400, "pageSize")
    assert body["title"] == "This parameter is out of the allowed range of values."
    assert "101" in body["detail"]


@pytest.mark.parametrize(
    ("payload", "name"),
    [
        ({}, "title"),
        ({"title": ""}, "title"),
        ({"title": 5}, "title"),
        ({"title": "t", "public": "yes"}, "public"),
        ({"title": "t", "tags": "maths"}, "tags"),
        ({"title": "t", "metadata": [{"key": "Author"}]}, "metadata.0.value"),
        ({"title": "t", "publishedAt": "yesterday"}, "publishedAt"),
        ({"title": "t", "publishedAt": "2026-02-30T00:00:00Z"}, "publishedAt"),
    ],
)
def test_bad_video_bodies_are_400s_naming_the_field_and_write_nothing(empty_app, empty_client, payload, name):
    assert_error(empty_client.post(f"{API}/videos", headers=DEV, json=payload), 400, name)
    with empty_app.world.store.begin() as conn:
        assert count_rows(conn, videos) == 0


def test_a_bad_patch_changes_nothing(world, empty_client):
    world.add(vids=[video("viA", title="Old")])
    assert_error(
        empty_client.patch(f"{API}/videos/viA", headers=DEV, json={"title": "", "public": False}),
        400,
        "title",
    )
    assert empty_client.get(f"{API}/videos/viA", headers=DEV).json()["public"] is True


def test_video_status_of_an_encoded_video(world, empty_client):
    world.add(vids=[video("viA", filesize=2_000, duration=100, width=1280, height=720)])
    status = empty_client.get(f"{API}/videos/viA/status", headers=DEV).json()
    assert status["ingest"] == {
        "status": "uploaded",
        "filesize": 2_000,
        "receivedBytes": [{"from": 0, "to": 1_999, "total": 2_000}],
    }
    assert [q["quality"] for q in status["encoding"]["qualities"]] == ["240p", "360p", "480p", "720p"]
    assert status["encoding"]["metadata"]["aspectRatio"] == "16/9"


# --- live streams ---------------------------------------------------------------------------


def test_live_stream_lifecycle(empty_client):
    created = empty_client.post(f"{API}/live-streams", headers=DEV, json={"name": "Morning show"})
    assert created.status_code == 200
    stream = created.json()
    assert stream["liveStreamId"].startswith("li") and stream["broadcasting"] is False
    assert (stream["record"], stream["public"]) == (False, True)
    live_id = stream["liveStreamId"]
    player_id = empty_client.post(f"{API}/players", headers=DEV, json={}).json()["playerId"]
    patched = empty_client.patch(
        f"{API}/live-streams/{live_id}", headers=DEV, json={"record": True, "playerId": player_id}
    )
    assert patched.json()["record"] is True and patched.json()["playerId"] == player_id
    assert empty_client.get(f"{API}/live-streams/{live_id}", headers=DEV).json() == patched.json()
    assert empty_client.delete(f"{API}/live-streams/{live_id}", headers=DEV).status_code == 204
    assert_error(empty_client.get(f"{API}/live-streams/{live_id}", headers=DEV), 404, "liveStreamId")


def test_deleting_a_live_stream_keeps_its_recordings_unlinked(world, empty_client):
    world.add(streams=[live_stream("liS")], vids=[video("viR", live_stream_id="liS")])
    recorded = empty_client.get(f"{API}/videos/viR", headers=DEV).json()
    assert recorded["source"]["liveStream"]["liveStreamId"] == "liS"
    empty_client.delete(f"{API}/live-streams/liS", headers=DEV)
    assert "liveStream" not in empty_client.get(f"{API}/videos/viR", headers=DEV).json()["source"]


def test_live_stream_list_filters_and_sorts(world, empty_client):
    world.add(
        streams=[
            live_stream("liA", name="Zebra cam", created_at=2_000, stream_key="k-a"),
            live_stream("liB", name="alpha studio", created_at=3_000, stream_key="k-b"),
            live_stream("liC", name="Zoo cam", created_at=1_000, stream_key="k-c"),
        ]
    )

    def listed(**params):
        body = empty_client.get(f"{API}/live-streams", headers=DEV, params=params).json()
        return [s["liveStreamId"] for s in body["data"]]

    assert listed() == ["liC", "liA", "liB"]
    assert listed(sortBy="name") == ["liB", "liA", "liC"]
    assert listed(sortBy="createdAt", sortOrder="desc") == ["liB", "liA", "liC"]
    assert listed(name="CAM") == ["liC", "liA"]
    assert listed(streamKey="k-b") == ["liB"]
    assert_error(
        empty_client.get(f"{API}/live-streams", headers=DEV, params={"sortBy": "title"}), 400, "sortBy"
    )
    assert_error(empty_client.post(f"{API}/live-streams", headers=DEV, json={"record": True}), 400, "name")


def test_unknown_routes_answer_in_api_videos_shape(empty_client):
    body = empty_client.get(f"{API}/watermarks", headers=DEV).json()
    assert body["status"] == 404 and body["type"].endswith("resourcenot_found")
    response = empty_client.put(f"{API}/videos", headers=DEV, json={})
    assert response.status_code == 405 and response.headers["Allow"] == "GET, POST"


def test_served_alone_api_video_sits_at_the_host_root():
    from conftest import make_app

    alone = make_app(api="apivideo").test_client()
    assert alone.get("/videos", headers=DEV).status_code == 200
    assert alone.post("/auth/api-key", json={"apiKey": "dev-key"}).status_code == 200
    assert alone.get(f"{API}/videos", headers=DEV).status_code == 404
    assert alone.get("/__admin/health").status_code == 200
    links = alone.get("/videos", headers=DEV, params={"pageSize": 1}).json()["pagination"]["links"]
    assert links[0] == {"rel": "self", "uri": "/videos?pageSize=1&currentPage=1"}
