"""A video's thumbnail: an uploaded JPEG or PNG (told by content, not by name or declared type),
or a frame picked by timecode; served at `assets.thumbnail`."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from apivideo_uploads import API, DEV, SAMPLE, advance, assert_error, mock, new_video, send, store
from vidmock.apis.apivideo import images

__all__ = ["mock"]


def png(width=40, height=30) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 10, 10)).save(out, format="PNG")
    return out.getvalue()


def post_thumbnail(client, video_id, data, name, declared):
    files = {"file": (name, data, declared)}
    return client.post(f"{API}/videos/{video_id}/thumbnail", headers=DEV, files=files)


def test_a_png_named_txt_is_taken_and_served_as_png(mock):
    video_id = new_video(mock)
    picture = png()
    response = post_thumbnail(mock, video_id, picture, "notes.txt", "text/plain")
    assert response.status_code == 200
    served = mock.get(response.json()["assets"]["thumbnail"])
    assert served.status_code == 200 and served.headers["content-type"] == "image/png"
    assert served.content == picture


def test_a_text_file_named_jpg_is_a_400_naming_file_and_changes_nothing(mock):
    video_id = new_video(mock)
    before = store(mock)
    assert_error(post_thumbnail(mock, video_id, b"just words", "photo.jpg", "image/jpeg"), 400, "file")
    assert_error(post_thumbnail(mock, video_id, png()[:40], "cut.png", "image/png"), 400, "file")
    assert store(mock) == before


def test_before_any_thumbnail_a_placeholder_jpeg_is_served(mock):
    video_id = new_video(mock)
    served = mock.get(f"{API}/vod/{video_id}/thumbnail.jpg")
    assert served.status_code == 200
    assert images.sniff(served.content).media_type == "image/jpeg"


@pytest.mark.parametrize("timecode", ["00:00:02.500", "00:00:02:12", "2"])
def test_picking_a_frame_draws_a_thumbnail_of_the_video_aspect(mock, timecode):
    video_id = new_video(mock)
    assert send(mock, video_id, SAMPLE).status_code == 201  # 320x240, 2 s
    response = mock.patch(f"{API}/videos/{video_id}/thumbnail", headers=DEV, json={"timecode": timecode})
    assert response.status_code == 200
    picture = images.sniff(mock.get(f"{API}/vod/{video_id}/thumbnail.jpg").content)
    assert (picture.media_type, picture.width, picture.height) == ("image/jpeg", 320, 240)


def test_a_timecode_past_the_end_picks_the_first_frame(mock):
    video_id = new_video(mock)
    assert send(mock, video_id, SAMPLE).status_code == 201  # 2 s long

    def thumbnail_at(timecode):
        mock.patch(f"{API}/videos/{video_id}/thumbnail", headers=DEV, json={"timecode": timecode})
        return mock.get(f"{API}/vod/{video_id}/thumbnail.jpg").content

    assert thumbnail_at("00:00:10.000") == thumbnail_at("00:00:00.000")
    assert thumbnail_at("00:00:01.500") != thumbnail_at("00:00:00.000")


def test_bad_timecodes_and_a_video_without_source_are_refused_naming_timecode(mock):
    video_id = new_video(mock)
    before = store(mock)
    for bad in ["10 seconds", "00:61:00.000", "", "00:00:00.0000"]:
        assert_error(
            mock.patch(f"{API}/videos/{video_id}/thumbnail", headers=DEV, json={"timecode": bad}),
            400,
            "timecode",
        )
    assert_error(mock.patch(f"{API}/videos/{video_id}/thumbnail", headers=DEV, json={}), 400, "timecode")
    no_source = mock.patch(f"{API}/videos/{video_id}/thumbnail", headers=DEV, json={"timecode": "1"})
    assert_error(no_source, 409, "timecode")
    assert store(mock) == before


def test_an_unknown_video_is_a_404(mock):
    assert_error(
        post_thumbnail(mock, "vi0000000000000000000000", png(), "a.png", "image/png"), 404, "videoId"
    )


def test_a_new_thumbnail_gets_a_new_etag_and_last_modified_and_a_stale_if_range_the_whole_image(mock):
    video_id = new_video(mock)
    url = f"{API}/vod/{video_id}/thumbnail.jpg"
    post_thumbnail(mock, video_id, png(40, 30), "first.png", "image/png")
    first = mock.get(url)
    assert first.headers["last-modified"] == "Tue, 24 Nov 2026 12:00:00 GMT"
    assert mock.get(url).headers["etag"] == first.headers["etag"]  # stable while the bytes are
    advance(mock, "90s")
    second_picture = png(20, 10)
    post_thumbnail(mock, video_id, second_picture, "second.png", "image/png")
    second = mock.get(url)
    assert second.headers["etag"] == f'"{hashlib.sha1(second_picture).hexdigest()}"' != first.headers["etag"]
    assert second.headers["last-modified"] == "Tue, 24 Nov 2026 12:01:30 GMT"
    assert mock.get(url, headers={"If-None-Match": first.headers["etag"]}).status_code == 200
    resumed = mock.get(url, headers={"Range": "bytes=10-", "If-Range": first.headers["etag"]})
    assert resumed.status_code == 200 and resumed.content == second_picture


def test_if_match_on_an_upload_is_ignored_as_api_video_documents_none(mock):
    video_id = new_video(mock)
    picture = png()
    headers = {**DEV, "If-Match": '"not-the-current-tag"'}
    files = {"file": ("new.png", picture, "image/png")}
    response = mock.post(f"{API}/videos/{video_id}/thumbnail", headers=headers, files=files)
    assert response.status_code == 200
    assert mock.get(f"{API}/vod/{video_id}/thumbnail.jpg").content == picture
