"""The files behind a video's `assets`: the MP4 rendition with byte ranges and conditional
requests, the player page; no credentials needed, readable from another origin. HLS:
test_apivideo_hls.py. What every served file shares is in test_served_files.py."""

from __future__ import annotations

import hashlib

from apivideo_uploads import API, DEV, SAMPLE, advance, assert_error, mock, new_video, send
from apivideo_world import World, video
from vidmock.apis.apivideo.media import encoder, probe

__all__ = ["mock"]


def uploaded(mock) -> dict:
    """A video uploaded with the 2 s 320x240 clip, every rendition encoded."""
    video_id = new_video(mock)
    answer = send(mock, video_id, SAMPLE).json()
    encoder.wait_idle()
    advance(mock, "1m")
    return answer


def test_the_mp4_is_the_rendition_served_whole_and_by_ranges_without_credentials(mock):
    url = uploaded(mock)["assets"]["mp4"]
    whole = mock.get(url)
    assert whole.status_code == 200 and whole.headers["content-type"] == "video/mp4"
    assert (
        whole.headers["accept-ranges"] == "bytes" and whole.headers["cache-control"] == "public, max-age=60"
    )
    media = probe.probe(whole.content)
    assert (media["width"], media["height"], media["videoCodec"], media["audioCodec"]) == (
        320,
        240,
        "h264",
        "aac",
    )
    assert whole.content != SAMPLE  # encoded by the mock, not the bytes sent
    data = whole.content
    part = mock.get(url, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == data[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(data)}"
    tail = mock.get(url, headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.content == data[-10:]
    open_ended = mock.get(url, headers={"Range": f"bytes={len(data) - 5}-"})
    assert open_ended.content == data[-5:]


def test_a_suffix_range_longer_than_the_file_is_the_whole_file(mock):
    url = uploaded(mock)["assets"]["mp4"]
    data = mock.get(url).content
    tail = mock.get(url, headers={"Range": f"bytes=-{len(data) + 100}"})
    assert tail.status_code == 206 and tail.content == data
    assert tail.headers["content-range"] == f"bytes 0-{len(data) - 1}/{len(data)}"


def test_an_unsatisfiable_range_is_a_416_naming_range_and_several_ranges_get_the_whole_file(mock):
    url = uploaded(mock)["assets"]["mp4"]
    data = mock.get(url).content
    beyond = mock.get(url, headers={"Range": f"bytes={len(data)}-"})
    assert beyond.headers["content-range"] == f"bytes */{len(data)}"
    body = assert_error(beyond, 416, "Range")
    assert body["detail"] == f"'bytes={len(data)}-' selects no byte of the {len(data)}-byte file"
    several = mock.get(url, headers={"Range": "bytes=0-1,5-6"})
    assert several.status_code == 200 and several.content == data
    malformed = mock.get(url, headers={"Range": "pages=1"})
    assert malformed.status_code == 200 and malformed.content == data


def test_the_mp4_is_a_404_until_its_rendition_is_encoded(mock):
    video_id = new_video(mock)
    url = send(mock, video_id, SAMPLE).json()["assets"]["mp4"]
    encoder.wait_idle()
    advance(mock, "19s")  # 240p at t0 + 10 s, the MP4 at + 20 s
    assert_error(mock.get(url), 404, "videoId")
    advance(mock, "1s")
    assert mock.get(url).status_code == 200


def test_the_mp4_carries_its_etag_and_the_time_it_was_encoded(mock):
    url = uploaded(mock)["assets"]["mp4"]
    whole = mock.get(url)
    assert whole.headers["etag"] == f'"{hashlib.sha1(whole.content).hexdigest()}"'
    # Made by the encoder when the upload was complete, on the mock's clock.
    assert whole.headers["last-modified"] == "Tue, 24 Nov 2026 12:00:00 GMT"
    unchanged = mock.get(url, headers={"If-None-Match": whole.headers["etag"]})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged.headers["etag"] == whole.headers["etag"]
    since = mock.get(url, headers={"If-Modified-Since": "Tue, 24 Nov 2026 12:00:00 GMT"})
    assert since.status_code == 304
    before = mock.get(url, headers={"If-Modified-Since": "Tue, 24 Nov 2026 11:59:59 GMT"})
    assert before.status_code == 200 and before.content == whole.content


def test_a_range_with_a_stale_if_range_gets_the_whole_file(mock):
    url = uploaded(mock)["assets"]["mp4"]
    first = mock.get(url)
    data, etag = first.content, first.headers["etag"]
    current = mock.get(url, headers={"Range": "bytes=0-9", "If-Range": etag})
    assert current.status_code == 206 and current.content == data[:10]
    stale = mock.get(url, headers={"Range": "bytes=0-9", "If-Range": '"0123"'})
    assert stale.status_code == 200 and stale.content == data
    dated = mock.get(url, headers={"Range": "bytes=0-9", "If-Range": "Tue, 24 Nov 2026 12:00:00 GMT"})
    assert dated.status_code == 200 and dated.content == data


def test_head_gives_the_length_and_validators_and_ignores_range(mock):
    url = uploaded(mock)["assets"]["mp4"]
    whole = mock.get(url)
    head = mock.head(url, headers={"Range": "bytes=0-9"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(whole.content)) and "content-range" not in head.headers
    assert head.headers["etag"] == whole.headers["etag"]


def test_assets_answer_cross_origin_requests(mock):
    url = uploaded(mock)["assets"]["mp4"]
    response = mock.get(url, headers={"Origin": "http://127.0.0.1:9999", "Range": "bytes=0-0"})
    assert response.headers["access-control-allow-origin"] == "http://127.0.0.1:9999"
    exposed = response.headers["access-control-expose-headers"].lower()
    assert "content-range" in exposed and "accept-ranges" in exposed and "etag" in exposed


def test_before_the_upload_the_mp4_is_a_404_naming_video_id(mock):
    video_id = new_video(mock)
    assert_error(mock.get(f"{API}/vod/{video_id}/mp4/source.mp4"), 404, "videoId")
    assert_error(mock.get(f"{API}/vod/vi0000000000000000000000/mp4/source.mp4"), 404, "videoId")


def test_a_seeded_video_without_bytes_plays_the_generated_sample(mock):
    World(mock.app).add(vids=[video("viSeed", width=1280, height=720)])
    served = mock.get(f"{API}/vod/viSeed/mp4/source.mp4")
    assert served.status_code == 200
    media = probe.probe(served.content)
    assert (media["width"], media["height"], media["videoCodec"]) == (1280, 720, "h264")
    assert round(media["durationMs"] / 1000) == 4
    # The sample is never stored: it has a tag of its bytes but no time of storage.
    assert served.headers["etag"] == f'"{hashlib.sha1(served.content).hexdigest()}"'
    assert "last-modified" not in served.headers


def test_without_mp4_support_there_is_no_mp4(mock):
    video_id = new_video(mock, mp4Support=False)
    assert "mp4" not in send(mock, video_id, SAMPLE).json()["assets"]
    assert_error(mock.get(f"{API}/vod/{video_id}/mp4/source.mp4"), 404, "videoId")


def test_the_player_page_plays_the_hls_and_the_mp4_and_the_iframe_points_at_it(mock):
    assets = uploaded(mock)["assets"]
    page = mock.get(assets["player"])
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert f'"hls": "{assets["hls"]}"' in page.text and f'"mp4": "{assets["mp4"]}"' in page.text
    assert f'poster="{assets["thumbnail"]}"' in page.text
    assert f'src="{assets["player"]}"' in assets["iframe"]


def test_asset_urls_sit_on_the_mock_host(mock):
    video_id = new_video(mock)
    assets = mock.get(f"{API}/videos/{video_id}", headers=DEV).json()["assets"]
    assert assets["mp4"] == f"http://testserver/apivideo/vod/{video_id}/mp4/source.mp4"
    assert assets["thumbnail"] == f"http://testserver/apivideo/vod/{video_id}/thumbnail.jpg"
