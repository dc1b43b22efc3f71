"""The player page behind `assets.player`, as served (the browser's side of it, the player SDK's
protocol, is in test_apivideo_player_sdk_browser.py): it loads by the URL api.video's player SDK
builds, takes any query parameter, can be framed by any origin, loads its scripts (hls.js
shipped with vidmock) from the mock's own origin, and is shaped by the video's player, captions
and chapters."""

from __future__ import annotations

import hashlib
import json
import re
from importlib import resources

from apivideo_tracks import BONJOUR_VTT, CHAPTERS_VTT, HELLO_VTT, upload
from apivideo_uploads import API, DEV, assert_error, mock, new_video
from vidmock.apis.apivideo.media.player_page import HLS_JS_VERSION
from vidmock.apis.apivideo.players.domain import DEFAULT_COLOURS
from vidmock.http.served_files import IMMUTABLE

__all__ = ["mock"]
HOST = "http://testserver"
STATIC = resources.files("vidmock.apis.apivideo.media") / "static"


def config_of(page: str) -> dict:
    """The JSON the page hands its script."""
    found = re.search(r'<script type="application/json" id="vidmock-player">(.*?)</script>', page, re.S)
    assert found, page
    return json.loads(found.group(1))


def test_the_page_loads_by_the_url_the_player_sdk_builds(mock):
    video_id = new_video(mock)
    player = f"{HOST}{API}/vod/{video_id}/player"
    # What `new PlayerSdk("#target", {id, iframeUrl: assets.player, muted: true})` 1.2.33 loads.
    url = f"{API}/vod/{video_id}/player?id={video_id}&iframeUrl={player}&muted=true&ts=1764000000000"
    page = mock.get(url + "#api;sdkOrigin:aHR0cDovLzEyNy4wLjAuMTo1MTczCg==;sdkPlayerId:1")
    assert page.status_code == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["cache-control"] == "no-cache"


def test_any_other_query_parameter_is_taken_and_one_given_twice_is_refused(mock):
    video_id = new_video(mock)
    page = mock.get(
        f"{API}/vod/{video_id}/player?autoplay=undefined&utm_source=mail&metadata[Author]=Ada&x[y]=1&options=a"
    )
    assert page.status_code == 200
    twice = mock.get(f"{API}/vod/{video_id}/player?utm_source=a&utm_source=b")
    assert_error(twice, 400, "utm_source")
    assert_error(mock.get(f"{API}/vod/vi0000000000000000000000/player?id=x"), 404, "videoId")


def test_any_origin_may_frame_the_page(mock):
    video_id = new_video(mock)
    page = mock.get(f"{API}/vod/{video_id}/player", headers={"Origin": "https://app.example"})
    assert "x-frame-options" not in page.headers
    assert "frame-ancestors" not in page.headers.get("content-security-policy", "")
    assert (
        f'src="{HOST}{API}/vod/{video_id}/player"'
        in mock.get(f"{API}/videos/{video_id}", headers=DEV).json()["assets"]["iframe"]
    )


def test_the_page_plays_the_video_s_hls_and_mp4_with_scripts_from_the_mock_itself(mock):
    video_id = new_video(mock)
    page = mock.get(f"{API}/vod/{video_id}/player").text
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts == [
        f"{HOST}{API}/player-assets/hls-{HLS_JS_VERSION}.light.min.js",
        f"{HOST}{API}/player-assets/analytics.js",
        f"{HOST}{API}/player-assets/player.js",
    ]
    assert config_of(page) == {
        "videoId": video_id,
        "hls": f"{HOST}{API}/vod/{video_id}/hls/manifest.m3u8",
        "mp4": f"{HOST}{API}/vod/{video_id}/mp4/source.mp4",
        "collector": f"{HOST}{API}/collector/vod",
        "enableApi": True,
        "controls": True,
        "autoplay": False,
        "loop": False,
        "hideTitle": False,
    }
    assert f'poster="{HOST}{API}/vod/{video_id}/thumbnail.jpg"' in page
    without = new_video(mock, mp4Support=False)
    assert config_of(mock.get(f"{API}/vod/{without}/player").text)["mp4"] is None


def test_hls_js_is_the_shipped_file_with_its_licence_and_kept_for_good(mock):
    served = mock.get(f"{API}/player-assets/hls-{HLS_JS_VERSION}.light.min.js")
    shipped = (STATIC / "hls.js" / "hls.light.min.js").read_bytes()
    assert served.status_code == 200 and served.content == shipped
    assert served.headers["content-type"] == "text/javascript; charset=utf-8"
    assert served.headers["cache-control"] == IMMUTABLE["Cache-Control"]
    assert f'"{HLS_JS_VERSION}"'.encode() in shipped
    note = (STATIC / "hls.js" / "README.md").read_text()
    assert f"hls.js {HLS_JS_VERSION}" in note and hashlib.sha256(shipped).hexdigest() in note
    assert (STATIC / "hls.js" / "LICENSE").read_text().find("Apache License") > 0


def test_the_page_s_own_scripts_are_revalidated_and_other_names_are_404(mock):
    for name in ("player.js", "analytics.js"):
        served = mock.get(f"{API}/player-assets/{name}")
        assert served.content == (STATIC / name).read_bytes()
        assert served.headers["cache-control"] == "no-cache"
    assert_error(mock.get(f"{API}/player-assets/player.html"), 404, "file")
    assert_error(mock.get(f"{API}/player-assets/.player.js"), 400, "file")


def test_without_a_player_the_page_has_api_video_s_default_theme(mock):
    page = mock.get(f"{API}/vod/{new_video(mock)}/player").text
    assert f"--track-played: {DEFAULT_COLOURS['trackPlayed']};" in page
    assert 'class="logo"' not in page
    assert '<h1 class="title">Upload</h1>' in page and '<div class="controls" ' in page


def test_the_video_s_player_shapes_the_page(mock):
    theme = {
        "trackPlayed": "rgba(255, 0, 0, 1)",
        "backgroundBottom": "rgba(0, 0, 255, .5)",
        "link": "rgba(1, 2, 3, 1)",
    }
    switches = {
        "enableControls": False,
        "hideTitle": True,
        "forceAutoplay": True,
        "forceLoop": True,
        "enableApi": False,
    }
    player_id = mock.post(f"{API}/players", headers=DEV, json={**theme, **switches}).json()["playerId"]
    logo = {"file": ("logo.png", _png(), "image/png")}
    linked = mock.post(
        f"{API}/players/{player_id}/logo", headers=DEV, files=logo, data={"link": "https://brand.example/"}
    )
    assert linked.status_code == 201, linked.text
    video_id = new_video(mock, title="Shaped <b>", playerId=player_id)

    page = mock.get(f"{API}/vod/{video_id}/player").text

    for css in (
        "--track-played: rgba(255, 0, 0, 1);",
        "--background-bottom: rgba(0, 0, 255, .5);",
        "--link: rgba(1, 2, 3, 1);",
    ):
        assert css in page
    assert (
        f'<a class="logo" href="https://brand.example/" target="_blank" rel="noopener noreferrer">'
        f'<img src="{HOST}{API}/player/{player_id}/logo.png" alt="logo"></a>'
    ) in page
    assert '<h1 class="title hidden">Shaped &lt;b&gt;</h1>' in page
    assert '<div class="controls hidden" ' in page
    config = config_of(page)
    assert (
        config["controls"],
        config["hideTitle"],
        config["autoplay"],
        config["loop"],
        config["enableApi"],
    ) == (
        False,
        True,
        True,
        True,
        False,
    )


def test_captions_and_chapters_are_the_page_s_tracks(mock):
    video_id = new_video(mock)
    for kind, language, data in (
        ("captions", "fr", BONJOUR_VTT),
        ("captions", "en", HELLO_VTT),
        ("chapters", "en", CHAPTERS_VTT),
    ):
        assert upload(mock, video_id, kind, language, data).status_code == 200
    assert (
        mock.patch(f"{API}/videos/{video_id}/captions/fr", headers=DEV, json={"default": True}).status_code
        == 200
    )

    page = mock.get(f"{API}/vod/{video_id}/player").text

    files = f"{HOST}{API}/vod/{video_id}"
    assert re.findall(r"<track [^>]*>", page) == [
        f'<track kind="captions" src="{files}/captions/en.vtt" srclang="en" label="en">',
        f'<track kind="captions" src="{files}/captions/fr.vtt" srclang="fr" label="fr" default>',
        f'<track kind="chapters" src="{files}/chapters/en.vtt" srclang="en" label="en">',
    ]


def _png() -> bytes:
    from vidmock.apis.apivideo.images import placeholder_jpeg, png

    return png(placeholder_jpeg(40, 20, "logo"))
