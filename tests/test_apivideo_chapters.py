"""api.video chapters: upload (WebVTT checked), list, show, delete, and the file served at `src`."""

from __future__ import annotations

import pytest

from apivideo_tracks import CHAPTERS_VTT, HELLO_VTT, served_path, store, upload
from apivideo_world import API, DEV, World, video
from test_apivideo_api import assert_error


@pytest.fixture
def world(empty_app):
    built = World(empty_app)
    built.add(vids=[video("viA"), video("viB")])
    return built


def test_upload_list_show_serve_and_delete_chapters(world, empty_client):
    created = upload(empty_client, "viA", "chapters", "fr", CHAPTERS_VTT)
    assert created.status_code == 200
    assert created.json() == {
        "uri": "/videos/viA/chapters/fr",
        "src": "http://testserver/apivideo/vod/viA/chapters/fr.vtt",
        "language": "fr",
    }
    upload(empty_client, "viA", "chapters", "en-gb", CHAPTERS_VTT)
    listed = empty_client.get(f"{API}/videos/viA/chapters", headers=DEV).json()
    assert [c["language"] for c in listed["data"]] == ["en-GB", "fr"]
    assert listed["pagination"]["itemsTotal"] == 2
    assert empty_client.get(f"{API}/videos/viA/chapters/FR", headers=DEV).json() == created.json()
    served = empty_client.get(served_path(created.json()["src"]))
    assert served.content == CHAPTERS_VTT and served.headers["content-type"] == "text/vtt"
    # Chapters and captions in one language are separate files.
    upload(empty_client, "viA", "captions", "fr", HELLO_VTT)
    assert empty_client.get(served_path(created.json()["src"])).content == CHAPTERS_VTT
    assert empty_client.delete(f"{API}/videos/viA/chapters/fr", headers=DEV).status_code == 204
    assert_error(empty_client.get(f"{API}/videos/viA/chapters/fr", headers=DEV), 404, "language")
    assert_error(empty_client.get(served_path(created.json()["src"])), 404, "language")
    assert empty_client.get(f"{API}/videos/viA/captions/fr", headers=DEV).status_code == 200


def test_uploading_again_replaces_the_file(world, empty_client):
    upload(empty_client, "viA", "chapters", "en", CHAPTERS_VTT)
    again = upload(empty_client, "viA", "chapters", "en", HELLO_VTT)
    assert again.status_code == 200
    assert empty_client.get(served_path(again.json()["src"])).content == HELLO_VTT
    assert empty_client.get(f"{API}/videos/viA/chapters", headers=DEV).json()["pagination"]["itemsTotal"] == 1


def test_bad_files_languages_and_unknown_ids_change_nothing(world, empty_client):
    upload(empty_client, "viA", "chapters", "en", CHAPTERS_VTT)
    before = store(empty_client)
    assert_error(upload(empty_client, "viA", "chapters", "en", b"Chapter 1: intro"), 400, "file")
    assert_error(upload(empty_client, "viA", "chapters", "de", b"WEBVTT\n\n0:00 --> 1:00\nA\n"), 400, "file")
    assert_error(upload(empty_client, "viA", "chapters", "en_GB", CHAPTERS_VTT), 400, "language")
    assert_error(upload(empty_client, "viA", "chapters", "zz", CHAPTERS_VTT), 400, "language")
    assert_error(upload(empty_client, "viNOPE", "chapters", "en", CHAPTERS_VTT), 404, "videoId")
    assert_error(empty_client.get(f"{API}/videos/viNOPE/chapters", headers=DEV), 404, "videoId")
    assert_error(empty_client.get(f"{API}/videos/viB/chapters/en", headers=DEV), 404, "language")
    assert_error(empty_client.delete(f"{API}/videos/viB/chapters/en", headers=DEV), 404, "language")
    assert_error(empty_client.get(f"{API}/vod/viB/chapters/en.vtt"), 404, "language")
    assert store(empty_client) == before
