"""api.video's own Python client (PyPI `api.video` 1.2.x, unchanged) against a live mock:
captions, chapters and players."""

from __future__ import annotations

import httpx
import pytest
from apivideo.api.captions_api import CaptionsApi
from apivideo.api.chapters_api import ChaptersApi
from apivideo.api.player_themes_api import PlayerThemesApi
from apivideo.api.videos_api import VideosApi
from apivideo.exceptions import ApiException
from apivideo.model.captions_update_payload import CaptionsUpdatePayload
from apivideo.model.player_theme_creation_payload import PlayerThemeCreationPayload
from apivideo.model.player_theme_update_payload import PlayerThemeUpdatePayload
from apivideo.model.video_creation_payload import VideoCreationPayload
from apivideo.model.video_update_payload import VideoUpdatePayload

from apivideo_client_support import connected
from apivideo_tracks import BONJOUR_VTT, CHAPTERS_VTT, HELLO_VTT
from conftest import make_app
from live import serving
from vidmock.apis.apivideo.images import placeholder_jpeg


@pytest.fixture(scope="module")
def client():
    with serving(make_app()) as base_url, connected(base_url) as api_client:
        yield api_client


@pytest.fixture
def video_id(client) -> str:
    return VideosApi(client).create(VideoCreationPayload(title="Captioned by the client")).video_id


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return open(path, "rb")


def test_captions_upload_list_default_and_delete(client, video_id, tmp_path):
    captions = CaptionsApi(client)
    english = captions.upload(video_id, "en", write(tmp_path, "en.vtt", HELLO_VTT))
    assert (english.srclang, english.default) == ("en", False)
    captions.upload(video_id, "fr", write(tmp_path, "fr.vtt", BONJOUR_VTT))
    assert httpx.get(english.src).content == HELLO_VTT
    made = captions.update(video_id, "fr", CaptionsUpdatePayload(default=True))
    assert made.default is True
    listed = captions.list(video_id)
    assert [(c.srclang, c.default) for c in listed.data] == [("en", False), ("fr", True)]
    captions.delete(video_id, "en")
    assert [c.srclang for c in captions.list(video_id).data] == ["fr"]
    with pytest.raises(ApiException) as refused:
        captions.upload(video_id, "de", write(tmp_path, "de.vtt", b"not a caption file"))
    assert refused.value.status == 400


def test_chapters_upload_and_list(client, video_id, tmp_path):
    chapters = ChaptersApi(client)
    uploaded = chapters.upload(video_id, "en", write(tmp_path, "chapters.vtt", CHAPTERS_VTT))
    assert uploaded.language == "en" and httpx.get(uploaded.src).content == CHAPTERS_VTT
    assert [c.language for c in chapters.list(video_id).data] == ["en"]
    assert chapters.get(video_id, "en").src == uploaded.src
    chapters.delete(video_id, "en")
    assert chapters.list(video_id).data == []


def test_a_player_assigned_to_a_video_then_deleted(client, video_id, tmp_path):
    players = PlayerThemesApi(client)
    player = players.create(PlayerThemeCreationPayload(name="Client theme", link="rgba(255, 0, 0, .95)"))
    assert player.player_id.startswith("pl") and player.enable_controls is True
    updated = players.update(player.player_id, PlayerThemeUpdatePayload(force_loop=True))
    assert updated.force_loop is True and updated.link == "rgba(255, 0, 0, .95)"
    logo = players.upload_logo(
        player.player_id, write(tmp_path, "logo.jpg", placeholder_jpeg(120, 60)), link="https://example.com"
    )
    assert logo.assets.link == "https://example.com"
    assert httpx.get(logo.assets.logo).headers["content-type"] == "image/png"
    assert player.player_id in [p.player_id for p in players.list().data]

    videos = VideosApi(client)
    assert (
        videos.update(video_id, VideoUpdatePayload(player_id=player.player_id)).player_id == player.player_id
    )
    players.delete(player.player_id)
    assert "player_id" not in videos.get(video_id).to_dict()
    with pytest.raises(ApiException) as missing:
        players.get(player.player_id)
    assert missing.value.status == 404
