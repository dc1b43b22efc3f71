"""api.video captions: upload (WebVTT checked by webvtt-py), list, show, default flag, delete,
and the file served at `src`."""

from __future__ import annotations

import pytest

from apivideo_tracks import BONJOUR_VTT, HELLO_VTT, served_path, store, upload
from apivideo_world import API, DEV, World, video
from test_apivideo_api import assert_error


@pytest.fixture
def world(empty_app):
    built = World(empty_app)
    built.add(vids=[video("viA"), video("viB")])
    return built


def test_upload_list_show_and_serve_a_caption(world, empty_client):
    created = upload(empty_client, "viA", "captions", "en", HELLO_VTT)
    assert created.status_code == 200
    assert created.json() == {
        "uri": "/videos/viA/captions/en",
        "src": "http://testserver/apivideo/vod/viA/captions/en.vtt",
        "srclang": "en",
        "default": False,
    }
    assert empty_client.get(f"{API}/videos/viA/captions/en", headers=DEV).json() == created.json()
    listed = empty_client.get(f"{API}/videos/viA/captions", headers=DEV).json()
    assert listed["data"] == [created.json()]
    assert listed["pagination"]["itemsTotal"] == 1
    # The file is served as uploaded, without a token, to any origin.
    served = empty_client.get(served_path(created.json()["src"]), headers={"Origin": "https://app.example"})
    assert served.status_code == 200 and served.content == HELLO_VTT
    assert served.headers["content-type"] == "text/vtt"
    assert served.headers["access-control-allow-origin"] == "https://app.example"
    # Another video's captions are its own.
    assert empty_client.get(f"{API}/videos/viB/captions", headers=DEV).json()["data"] == []


def test_language_tags_are_kept_in_canonical_case(world, empty_client):
    created = upload(empty_client, "viA", "captions", "pt-br", HELLO_VTT).json()
    assert created["srclang"] == "pt-BR" and created["uri"] == "/videos/viA/captions/pt-BR"
    assert empty_client.get(f"{API}/videos/viA/captions/PT-br", headers=DEV).json() == created
    assert empty_client.get(served_path(created["src"])).content == HELLO_VTT
    upload(empty_client, "viA", "captions", "zh-hant-tw", HELLO_VTT)
    listed = empty_client.get(f"{API}/videos/viA/captions", headers=DEV).json()["data"]
    assert [c["srclang"] for c in listed] == ["pt-BR", "zh-Hant-TW"]


def test_uploading_again_replaces_the_file_and_keeps_the_default_flag(world, empty_client):
    upload(empty_client, "viA", "captions", "fr", HELLO_VTT)
    empty_client.patch(f"{API}/videos/viA/captions/fr", headers=DEV, json={"default": True})
    again = upload(empty_client, "viA", "captions", "fr", BONJOUR_VTT)
    assert again.status_code == 200 and again.json()["default"] is True
    assert empty_client.get(served_path(again.json()["src"])).content == BONJOUR_VTT
    assert empty_client.get(f"{API}/videos/viA/captions", headers=DEV).json()["pagination"]["itemsTotal"] == 1


def test_a_video_has_at_most_one_default_caption(world, empty_client):
    for language in ("en", "fr", "de"):
        upload(empty_client, "viA", "captions", language, HELLO_VTT)
    upload(empty_client, "viB", "captions", "en", HELLO_VTT)
    empty_client.patch(f"{API}/videos/viB/captions/en", headers=DEV, json={"default": True})

    def defaults(video_id: str) -> list[str]:
        listed = empty_client.get(f"{API}/videos/{video_id}/captions", headers=DEV).json()["data"]
        return [c["srclang"] for c in listed if c["default"]]

    made = empty_client.patch(f"{API}/videos/viA/captions/fr", headers=DEV, json={"default": True})
    assert made.status_code == 200 and made.json()["default"] is True
    assert defaults("viA") == ["fr"]
    empty_client.patch(f"{API}/videos/viA/captions/de", headers=DEV, json={"default": True})
    assert defaults("viA") == ["de"]
    # Another video's default is untouched.
    assert defaults("viB") == ["en"]
    cleared = empty_client.patch(f"{API}/videos/viA/captions/de", headers=DEV, json={"default": False})
    assert cleared.json()["default"] is False and defaults("viA") == []
    # An empty body changes nothing.
    unchanged = empty_client.patch(f"{API}/videos/viB/captions/en", headers=DEV, json={})
    assert unchanged.status_code == 200 and unchanged.json()["default"] is True


def test_delete_a_caption_and_its_file(world, empty_client):
    src = upload(empty_client, "viA", "captions", "en", HELLO_VTT).json()["src"]
    upload(empty_client, "viA", "captions", "fr", BONJOUR_VTT)
    assert empty_client.delete(f"{API}/videos/viA/captions/en", headers=DEV).status_code == 204
    assert_error(empty_client.get(f"{API}/videos/viA/captions/en", headers=DEV), 404, "language")
    assert_error(empty_client.get(served_path(src)), 404, "language")
    assert [
        c["srclang"] for c in empty_client.get(f"{API}/videos/viA/captions", headers=DEV).json()["data"]
    ] == ["fr"]
    assert "apivideo/viA/captions/en" not in {b["blob_id"] for b in store(empty_client)["blobs"]}


def test_deleting_a_video_removes_its_captions_and_files(world, empty_client):
    upload(empty_client, "viA", "captions", "en", HELLO_VTT)
    upload(empty_client, "viA", "chapters", "en", HELLO_VTT)
    assert empty_client.delete(f"{API}/videos/viA", headers=DEV).status_code == 204
    tables = store(empty_client)
    assert tables["apivideo_captions"] == [] and tables["apivideo_chapters"] == []
    assert [b for b in tables["blobs"] if b["blob_id"].startswith("apivideo/viA/")] == []


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"00:00:00.000 --> 00:00:02.000\nHello\n", "no WEBVTT signature"),
        (b"hello world", "plain text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"", "empty"),
        (b"WEBVTT\n\n00:00:00.000 --> later\nHello\n", "unreadable timing"),
        (b"WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nHello\n", "ends before it starts"),
        (b"\xff\xfeW\x00E\x00B\x00V\x00T\x00T\x00", "UTF-16"),
    ],
)
def test_a_file_that_is_not_webvtt_is_refused_naming_file(world, empty_client, data, why):
    upload(empty_client, "viA", "captions", "en", HELLO_VTT)
    before = store(empty_client)
    assert_error(upload(empty_client, "viA", "captions", "en", data), 400, "file")
    assert_error(upload(empty_client, "viA", "captions", "fr", data), 400, "file")
    assert store(empty_client) == before, why


def test_bad_languages_unknown_videos_and_missing_captions(world, empty_client):
    upload(empty_client, "viA", "captions", "en", HELLO_VTT)
    before = store(empty_client)
    # Ill-formed (the spec's pattern) and well-formed but unregistered (langcodes) tags.
    for language in ("e_n", "english-language", "en--us", "qq", "en-YY", "en-Abcd", "de-abcde"):
        assert_error(upload(empty_client, "viA", "captions", language, HELLO_VTT), 400, "language")
        assert_error(empty_client.get(f"{API}/videos/viA/captions/{language}", headers=DEV), 400, "language")
    assert_error(upload(empty_client, "viNOPE", "captions", "en", HELLO_VTT), 404, "videoId")
    # An unknown video is named before a tag it would refuse.
    assert_error(upload(empty_client, "viNOPE", "captions", "qq", HELLO_VTT), 404, "videoId")
    assert_error(empty_client.get(f"{API}/videos/viNOPE/captions", headers=DEV), 404, "videoId")
    assert_error(empty_client.get(f"{API}/videos/viA/captions/de", headers=DEV), 404, "language")
    patch = empty_client.patch(f"{API}/videos/viA/captions/de", headers=DEV, json={"default": True})
    assert_error(patch, 404, "language")
    assert_error(
        empty_client.patch(f"{API}/videos/viA/captions/en", headers=DEV, json={"default": "yes"}),
        400,
        "default",
    )
    assert_error(empty_client.delete(f"{API}/videos/viA/captions/de", headers=DEV), 404, "language")
    assert_error(empty_client.delete(f"{API}/videos/viNOPE/captions/en", headers=DEV), 404, "videoId")
    # A second file part beside the file (any field name takes the one file part), or a field
    # the upload does not take.
    both = {"document": ("track.vtt", HELLO_VTT, "text/vtt"), "file": ("track.vtt", HELLO_VTT, "text/vtt")}
    assert_error(empty_client.post(f"{API}/videos/viA/captions/en", headers=DEV, files=both), 400, "file")
    alone = {"file": ("track.vtt", HELLO_VTT, "text/vtt")}
    link = empty_client.post(f"{API}/videos/viA/captions/en", headers=DEV, files=alone, data={"link": "x"})
    assert_error(link, 400, "link")
    assert store(empty_client) == before


def test_captions_need_a_token_but_their_files_do_not(world, empty_client):
    src = upload(empty_client, "viA", "captions", "en", HELLO_VTT).json()["src"]
    assert_error(empty_client.get(f"{API}/videos/viA/captions"), 401, "Authorization")
    assert empty_client.get(served_path(src)).status_code == 200


def test_captions_are_paginated(world, empty_client):
    for language in ("de", "en", "es", "fr"):
        upload(empty_client, "viA", "captions", language, HELLO_VTT)
    page = empty_client.get(
        f"{API}/videos/viA/captions", headers=DEV, params={"currentPage": 2, "pageSize": 3}
    )
    body = page.json()
    assert [c["srclang"] for c in body["data"]] == ["fr"]
    assert body["pagination"]["pagesTotal"] == 2 and body["pagination"]["currentPageItems"] == 1
