"""Every file the mock serves answers byte ranges and conditional requests alike (RFC 9110 §13,
§14): api.video's MP4, HLS playlists and segments, thumbnails (uploaded and placeholder),
live-stream thumbnail, caption and chapter files, player logo, player page and its scripts; the dashboard's
assets and snapshot download; Swagger UI's assets under a vendor's and the control API's
documentation. Each route's own file is tested with its resource; here, one world holds one file
of each kind."""

from __future__ import annotations

import hashlib

import pytest
from starlette.testclient import TestClient

from apivideo_tracks import CHAPTERS_VTT, HELLO_VTT, upload
from apivideo_uploads import API, DEV, SAMPLE, advance, new_video, send
from conftest import make_app
from vidmock.apis.apivideo.images import placeholder_jpeg
from vidmock.apis.apivideo.media import encoder
from vidmock.apis.apivideo.media.player_page import HLS_JS_VERSION
from vidmock.http.served_files import ServedFile, answer


@pytest.fixture(scope="module")
def mock() -> TestClient:
    app = make_app()
    with app.world.store.begin() as conn:
        app.world.store.clear(conn)
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def urls(mock) -> dict[str, str]:
    """One URL of each kind of served file, in a world made through the API."""
    video_id = new_video(mock)
    assert send(mock, video_id, SAMPLE).status_code == 201
    pictured = new_video(mock)
    files = {"file": ("t.jpg", placeholder_jpeg(64, 36, "thumbnail"), "image/jpeg")}
    assert mock.post(f"{API}/videos/{pictured}/thumbnail", headers=DEV, files=files).status_code == 200
    assert upload(mock, video_id, "captions", "en", HELLO_VTT).status_code == 200
    assert upload(mock, video_id, "chapters", "fr", CHAPTERS_VTT).status_code == 200
    player = mock.post(f"{API}/players", headers=DEV, json={}).json()["playerId"]
    logo = {"file": ("logo.jpg", placeholder_jpeg(20, 10, "logo"), "image/jpeg")}
    posted = mock.post(
        f"{API}/players/{player}/logo", headers=DEV, files=logo, data={"link": "https://example.com"}
    )
    assert posted.status_code == 201
    stream = mock.post(f"{API}/live-streams", headers=DEV, json={"name": "Live"}).json()["liveStreamId"]
    backdrop = {"file": ("b.jpg", placeholder_jpeg(32, 18, "live"), "image/jpeg")}
    assert mock.post(f"{API}/live-streams/{stream}/thumbnail", headers=DEV, files=backdrop).status_code == 201
    encoder.wait_idle()
    advance(mock, "1m")  # every rendition encoded
    return {
        "mp4": f"{API}/vod/{video_id}/mp4/source.mp4",
        "thumbnail": f"{API}/vod/{pictured}/thumbnail.jpg",
        "placeholder-thumbnail": f"{API}/vod/{video_id}/thumbnail.jpg",
        "player-page": f"{API}/vod/{video_id}/player",
        "player-hls-js": f"{API}/player-assets/hls-{HLS_JS_VERSION}.light.min.js",
        "player-script": f"{API}/player-assets/player.js",
        "hls-master": f"{API}/vod/{video_id}/hls/manifest.m3u8",
        "hls-playlist": f"{API}/vod/{video_id}/hls/240p/manifest.m3u8",
        "hls-segment": f"{API}/vod/{video_id}/hls/240p/0.ts",
        "caption": f"{API}/vod/{video_id}/captions/en.vtt",
        "chapter": f"{API}/vod/{video_id}/chapters/fr.vtt",
        "logo": f"{API}/player/{player}/logo.png",
        "live-thumbnail": f"{API}/live/{stream}/thumbnail.jpg",
        "dashboard-asset": "/__admin/ui/static/dashboard.css",
        "dashboard-export": "/__admin/ui/export",
        "swagger-ui-asset": f"{API}/ui/swagger-initializer.js",
        "admin-swagger-ui-asset": "/__admin/docs/favicon-16x16.png",
    }


KINDS = [
    "mp4",
    "thumbnail",
    "placeholder-thumbnail",
    "player-page",
    "player-hls-js",
    "player-script",
    "hls-master",
    "hls-playlist",
    "hls-segment",
    "caption",
    "chapter",
    "logo",
    "live-thumbnail",
    "dashboard-asset",
    "dashboard-export",
    "swagger-ui-asset",
    "admin-swagger-ui-asset",
]


@pytest.fixture(params=KINDS)
def served(request, mock, urls) -> tuple[str, bytes]:
    """A served file's URL and its bytes as a plain GET gives them."""
    url = urls[request.param]
    whole = mock.get(url)
    assert whole.status_code == 200 and whole.content, whole.text
    return url, whole.content


def test_the_etag_is_a_hash_of_the_bytes(mock, served):
    url, data = served
    assert mock.get(url).headers["etag"] == f'"{hashlib.sha1(data).hexdigest()}"'


def test_time_moving_on_changes_neither_the_etag_nor_last_modified_of_a_stored_file(mock, urls):
    before = mock.get(urls["logo"]).headers
    mock.put("/__admin/clock", json={"advance": "1h"})
    after = mock.get(urls["logo"]).headers
    assert (after["etag"], after["last-modified"]) == (before["etag"], before["last-modified"])


def test_one_range_is_a_206_of_those_bytes(mock, served):
    url, data = served
    length = len(data)
    part = mock.get(url, headers={"Range": "bytes=1-3"})
    assert part.status_code == 206 and part.content == data[1:4]
    assert part.headers["content-range"] == f"bytes 1-3/{length}"
    rest = mock.get(url, headers={"Range": f"bytes={length - 2}-"})
    assert rest.status_code == 206 and rest.content == data[-2:]
    assert rest.headers["content-range"] == f"bytes {length - 2}-{length - 1}/{length}"


def test_a_suffix_longer_than_the_file_is_the_whole_file(mock, served):
    url, data = served
    tail = mock.get(url, headers={"Range": f"bytes=-{len(data) + 65536}"})
    assert tail.status_code == 206 and tail.content == data
    assert tail.headers["content-range"] == f"bytes 0-{len(data) - 1}/{len(data)}"


def test_a_range_starting_past_the_end_is_a_416_with_the_length(mock, served):
    url, data = served
    beyond = mock.get(url, headers={"Range": f"bytes={len(data)}-{len(data) + 10}"})
    assert beyond.status_code == 416 and beyond.headers["content-range"] == f"bytes */{len(data)}"


@pytest.mark.parametrize(
    "header", ["bytes=0-1,4-5", "pages=1-2", "bytes=5-2", "bytes=abc", "bytes=-0", "bytes=", "0-10"]
)
def test_several_ranges_another_unit_or_a_malformed_range_get_the_whole_file(mock, served, header):
    url, data = served
    whole = mock.get(url, headers={"Range": header})
    assert whole.status_code == 200 and whole.content == data and "content-range" not in whole.headers


def test_head_gives_the_length_and_validators_without_a_body_and_ignores_range(mock, served):
    url, data = served
    head = mock.head(url, headers={"Range": "bytes=0-0"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(data))
    assert head.headers["etag"] == f'"{hashlib.sha1(data).hexdigest()}"'


@pytest.mark.parametrize("form", ["{}", "W/{}", '"other", {}', "*"])
def test_if_none_match_of_the_etag_is_a_304_without_a_body(mock, served, form):
    url, data = served
    etag = f'"{hashlib.sha1(data).hexdigest()}"'
    unchanged = mock.get(url, headers={"If-None-Match": form.format(etag)})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged.headers["etag"] == etag
    assert mock.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_a_range_with_a_stale_if_range_is_the_whole_file(mock, served):
    url, data = served
    etag = f'"{hashlib.sha1(data).hexdigest()}"'
    assert mock.get(url, headers={"Range": "bytes=0-0", "If-Range": etag}).status_code == 206
    for stale in ['"other"', f"W/{etag}", "Tue, 24 Nov 2026 12:00:00 GMT"]:
        whole = mock.get(url, headers={"Range": "bytes=0-0", "If-Range": stale})
        assert whole.status_code == 200 and whole.content == data


def test_if_match_of_another_etag_is_a_412(mock, served):
    url, data = served
    etag = f'"{hashlib.sha1(data).hexdigest()}"'
    assert mock.get(url, headers={"If-Match": '"other"'}).status_code == 412
    assert mock.get(url, headers={"If-Match": f"W/{etag}"}).status_code == 412  # strong comparison
    assert mock.get(url, headers={"If-Match": etag}).status_code == 200
    assert mock.get(url, headers={"If-Match": "*"}).status_code == 200


def test_refusals_take_the_shape_of_whoever_owns_the_path(mock, urls):
    mp4 = mock.get(urls["mp4"], headers={"Range": "bytes=100000000-"}).json()
    assert (mp4["status"], mp4["name"]) == (416, "Range")
    mp4 = mock.get(urls["mp4"], headers={"If-Match": '"other"'}).json()
    assert (mp4["status"], mp4["name"]) == (412, "If-Match")
    docs = mock.get(urls["admin-swagger-ui-asset"], headers={"Range": "bytes=100000-"})
    assert docs.headers["content-type"] == "application/problem+json"
    assert (docs.json()["status"], docs.json()["parameter"]) == (416, "Range")
    dashboard = mock.get(urls["dashboard-asset"], headers={"Range": "bytes=100000-"})
    assert dashboard.status_code == 416 and dashboard.headers["content-type"] == "text/plain; charset=utf-8"
    assert dashboard.text.endswith("(Range)\n")
    long_ago = {"If-Unmodified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"}
    assert mock.get(urls["dashboard-asset"], headers=long_ago).status_code == 200  # no Last-Modified
    refused = mock.get(urls["dashboard-asset"], headers={"If-Match": '"other"'})
    assert refused.status_code == 412 and refused.headers["content-type"] == "text/plain; charset=utf-8"
    assert refused.text.endswith("(If-Match)\n")


def test_stored_files_answer_if_modified_since_and_if_unmodified_since(mock, urls):
    stored = mock.get(urls["caption"]).headers["last-modified"]
    assert stored == "Tue, 24 Nov 2026 12:00:00 GMT"  # when it was uploaded, on the mock's clock
    assert mock.get(urls["caption"], headers={"If-Modified-Since": stored}).status_code == 304
    earlier = "Tue, 24 Nov 2026 11:59:59 GMT"
    assert mock.get(urls["caption"], headers={"If-Modified-Since": earlier}).status_code == 200
    assert mock.get(urls["caption"], headers={"If-Unmodified-Since": stored}).status_code == 200
    late = mock.get(urls["caption"], headers={"If-Unmodified-Since": earlier})
    assert late.status_code == 412 and late.json()["name"] == "If-Unmodified-Since"
    # If-None-Match decides alone when both are sent (RFC 9110 §13.1.3).
    both = {"If-None-Match": '"other"', "If-Modified-Since": stored}
    assert mock.get(urls["caption"], headers=both).status_code == 200


@pytest.mark.parametrize(
    ("kind", "cache_control"),
    [
        ("hls-segment", "public, max-age=31536000, immutable"),  # never changes once made
        ("hls-playlist", "public, max-age=60"),
        ("hls-master", "public, max-age=60"),  # every quality encoded: it will not change
        ("mp4", "public, max-age=60"),
        ("thumbnail", "no-cache"),  # may be replaced at any moment: revalidate
        ("placeholder-thumbnail", "no-cache"),
        ("caption", "no-cache"),
        ("chapter", "no-cache"),
        ("logo", "no-cache"),
        ("live-thumbnail", "no-cache"),
        ("player-page", "no-cache"),
        ("player-hls-js", "public, max-age=31536000, immutable"),  # its name carries its version
        ("player-script", "no-cache"),
    ],
)
def test_media_files_carry_the_cache_control_a_cdn_sends(mock, urls, kind, cache_control):
    answered = mock.get(urls[kind], headers={"Origin": "http://app.example"})
    assert answered.headers["cache-control"] == cache_control
    assert answered.headers["access-control-allow-origin"] in ("*", "http://app.example")


EMPTY = ServedFile(b"", "text/plain")


def test_an_empty_file_has_no_byte_to_start_a_range_from():
    refused = answer("GET", {"range": "bytes=0-"}, EMPTY)
    assert (refused.status, refused.refused_header) == (416, "Range")
    assert refused.headers["Content-Range"] == "bytes */0"


def test_a_suffix_of_an_empty_file_is_the_empty_file():
    whole = answer("GET", {"range": "bytes=-10"}, EMPTY)
    assert (whole.status, whole.body, "Content-Range" in whole.headers) == (200, b"", False)
