"""api.video players: the theme's defaults, list order, update, delete (unlinking videos and
live streams), the logo (checked by content and size, served as PNG), and `playerId` of videos
and live streams naming an existing player."""

from __future__ import annotations

import io

import pytest
from PIL import Image, PngImagePlugin

from apivideo_tracks import served_path, store
from apivideo_world import API, DEV, World, live_stream, video
from test_apivideo_api import assert_error
from vidmock.apis.apivideo.images import placeholder_jpeg

DEFAULTS = {
    "text": "rgba(255, 255, 255, 1)",
    "link": "rgba(255, 255, 255, 1)",
    "linkHover": "rgba(255, 255, 255, 1)",
    "linkActive": "rgba(255, 255, 255, 1)",
    "trackPlayed": "rgba(88, 131, 255, .95)",
    "trackUnplayed": "rgba(255, 255, 255, .35)",
    "trackBackground": "rgba(255, 255, 255, .2)",
    "backgroundTop": "rgba(0, 0, 0, .7)",
    "backgroundBottom": "rgba(0, 0, 0, .7)",
    "backgroundText": "rgba(255, 255, 255, 1)",
    "enableApi": True,
    "enableControls": True,
    "forceAutoplay": False,
    "hideTitle": False,
    "forceLoop": False,
}


def png(width: int, height: int, padding: int = 0) -> bytes:
    """A PNG of the given size; `padding` bytes of text metadata make it heavier."""
    info = PngImagePlugin.PngInfo()
    if padding:
        info.add_text("Comment", "x" * padding)
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def create(client, **body):
    response = client.post(f"{API}/players", headers=DEV, json=body)
    assert response.status_code == 201, response.json()
    return response.json()


def logo(client, player_id: str, data: bytes, name: str = "logo.png", link: str = "https://example.com"):
    files = {"file": (name, data, "application/octet-stream")}
    return client.post(f"{API}/players/{player_id}/logo", headers=DEV, files=files, data={"link": link})


def test_a_new_player_takes_the_documented_defaults(empty_client):
    player = create(empty_client)
    assert player["playerId"].startswith("pl") and len(player["playerId"]) == 22
    assert {k: player[k] for k in DEFAULTS} == DEFAULTS
    assert player["createdAt"] == player["updatedAt"] == "2026-11-24T12:00:00+00:00"
    assert "assets" not in player and "name" not in player
    themed = create(empty_client, name="Brand", link="rgba(255, 0, 0, .95)", forceLoop=True)
    assert (themed["name"], themed["link"], themed["forceLoop"]) == ("Brand", "rgba(255, 0, 0, .95)", True)
    assert empty_client.get(f"{API}/players/{themed['playerId']}", headers=DEV).json() == themed


def test_update_sets_what_is_given(empty_client):
    player = create(empty_client, text="rgba(1, 2, 3, 1)")
    empty_client.put("/__admin/clock", json={"advance": "90s"})
    updated = empty_client.patch(
        f"{API}/players/{player['playerId']}",
        headers=DEV,
        json={"hideTitle": True, "trackPlayed": "rgba(0,0,0,0)"},
    ).json()
    assert updated["hideTitle"] is True and updated["trackPlayed"] == "rgba(0,0,0,0)"
    assert updated["text"] == "rgba(1, 2, 3, 1)" and updated["enableApi"] is True
    assert updated["createdAt"] == "2026-11-24T12:00:00+00:00"
    assert updated["updatedAt"] == "2026-11-24T12:01:30+00:00"


def test_players_are_listed_by_creation_or_update(empty_client):
    first = create(empty_client)["playerId"]
    empty_client.put("/__admin/clock", json={"advance": "1m"})
    second = create(empty_client)["playerId"]
    empty_client.put("/__admin/clock", json={"advance": "1m"})
    empty_client.patch(f"{API}/players/{first}", headers=DEV, json={"forceLoop": True})

    def listed(**params):
        return [
            p["playerId"]
            for p in empty_client.get(f"{API}/players", headers=DEV, params=params).json()["data"]
        ]

    assert listed() == [first, second]
    assert listed(sortOrder="desc") == [second, first]
    assert listed(sortBy="updatedAt") == [second, first]
    assert listed(pageSize=1, currentPage=2) == [second]
    assert_error(empty_client.get(f"{API}/players", headers=DEV, params={"sortBy": "name"}), 400, "sortBy")


@pytest.mark.parametrize(
    "body",
    [
        {"text": "red"},
        {"link": "rgba(256, 0, 0, 1)"},
        {"linkHover": "rgba(0, 0, 0, 1.5)"},
        {"backgroundTop": "rgb(0, 0, 0)"},
        {"enableApi": "yes"},
        {"name": ""},
    ],
)
def test_bad_player_fields_are_refused_naming_them(empty_client, body):
    player = create(empty_client)
    before = store(empty_client)
    field = next(iter(body))
    assert_error(empty_client.post(f"{API}/players", headers=DEV, json=body), 400, field)
    assert_error(
        empty_client.patch(f"{API}/players/{player['playerId']}", headers=DEV, json=body), 400, field
    )
    assert store(empty_client) == before


def test_logo_upload_serve_and_delete(empty_client):
    player = create(empty_client)["playerId"]
    empty_client.put("/__admin/clock", json={"advance": "1m"})
    jpeg = placeholder_jpeg(200, 100, "brand")
    uploaded = logo(empty_client, player, jpeg, name="logo.txt")
    assert uploaded.status_code == 201
    body = uploaded.json()
    assert body["assets"] == {
        "logo": f"http://testserver/apivideo/player/{player}/logo.png",
        "link": "https://example.com",
    }
    assert body["updatedAt"] == "2026-11-24T12:01:00+00:00"
    served = empty_client.get(served_path(body["assets"]["logo"]))
    assert served.status_code == 200 and served.headers["content-type"] == "image/png"
    with Image.open(io.BytesIO(served.content)) as image:
        assert (image.format, image.size) == ("PNG", (200, 100))
    assert empty_client.get(f"{API}/players/{player}", headers=DEV).json() == body
    assert empty_client.delete(f"{API}/players/{player}/logo", headers=DEV).status_code == 204
    assert "assets" not in empty_client.get(f"{API}/players/{player}", headers=DEV).json()
    assert_error(empty_client.get(served_path(body["assets"]["logo"])), 404, "playerId")
    # No logo to delete is still a 204.
    assert empty_client.delete(f"{API}/players/{player}/logo", headers=DEV).status_code == 204


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "a GIF"),
        (b"not an image at all", "text"),
        (png(200, 100)[:40], "a truncated PNG"),
        (png(201, 100), "too wide"),
        (png(100, 101), "too tall"),
        (png(20, 10, padding=210_000), "over 200 KB"),
    ],
)
def test_logos_are_checked_by_content_and_size(empty_client, data, why):
    player = create(empty_client)["playerId"]
    assert logo(empty_client, player, png(20, 10)).status_code == 201
    before = store(empty_client)
    assert_error(logo(empty_client, player, data, name="logo.png"), 400, "file")
    assert store(empty_client) == before, why


def test_logo_needs_a_link_and_a_known_player(empty_client):
    player = create(empty_client)["playerId"]
    before = store(empty_client)
    files = {"file": ("logo.png", png(20, 10), "image/png")}
    assert_error(empty_client.post(f"{API}/players/{player}/logo", headers=DEV, files=files), 400, "link")
    assert_error(logo(empty_client, "plNOPE", png(20, 10)), 404, "playerId")
    assert_error(empty_client.delete(f"{API}/players/plNOPE/logo", headers=DEV), 404, "playerId")
    assert_error(empty_client.get(f"{API}/players/plNOPE", headers=DEV), 404, "playerId")
    assert_error(empty_client.patch(f"{API}/players/plNOPE", headers=DEV, json={}), 404, "playerId")
    assert_error(empty_client.delete(f"{API}/players/plNOPE", headers=DEV), 404, "playerId")
    assert store(empty_client) == before


def test_videos_and_live_streams_must_name_an_existing_player(empty_app, empty_client):
    World(empty_app).add(streams=[live_stream("liA")], vids=[video("viA")])
    player = create(empty_client)["playerId"]
    before = store(empty_client)
    for method, path, body in [
        ("POST", "/videos", {"title": "T", "playerId": "plNOPE"}),
        ("PATCH", "/videos/viA", {"playerId": "plNOPE"}),
        ("POST", "/live-streams", {"name": "N", "playerId": "plNOPE"}),
        ("PATCH", "/live-streams/liA", {"playerId": "plNOPE"}),
    ]:
        assert_error(empty_client.request(method, f"{API}{path}", headers=DEV, json=body), 400, "playerId")
    assert store(empty_client) == before
    made = empty_client.post(f"{API}/videos", headers=DEV, json={"title": "T", "playerId": player})
    assert made.status_code == 201 and made.json()["playerId"] == player
    stream = empty_client.post(f"{API}/live-streams", headers=DEV, json={"name": "N", "playerId": player})
    assert stream.json()["playerId"] == player


def test_deleting_a_player_unlinks_its_videos_and_live_streams(empty_app, empty_client):
    keep = create(empty_client)["playerId"]
    gone = create(empty_client)["playerId"]
    assert logo(empty_client, gone, png(20, 10)).status_code == 201
    World(empty_app).add(
        streams=[live_stream("liA", player_id=gone), live_stream("liB", player_id=keep)],
        vids=[video("viA", player_id=gone), video("viB", player_id=keep), video("viC")],
    )
    assert empty_client.delete(f"{API}/players/{gone}", headers=DEV).status_code == 204
    assert_error(empty_client.get(f"{API}/players/{gone}", headers=DEV), 404, "playerId")

    def player_of(path: str) -> str | None:
        return empty_client.get(f"{API}{path}", headers=DEV).json().get("playerId")

    assert [player_of(f"/videos/{v}") for v in ("viA", "viB", "viC")] == [None, keep, None]
    assert [player_of(f"/live-streams/{s}") for s in ("liA", "liB")] == [None, keep]
    tables = store(empty_client)
    assert [p["player_id"] for p in tables["apivideo_players"]] == [keep]
    assert [b for b in tables["blobs"] if b["blob_id"].startswith(f"apivideo/{gone}/")] == []
