"""Live-stream thumbnails: JPEG or PNG recognised by content, served by the mock without a token,
deleted back to the default address; bad files refused naming `file`, changing nothing."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from apivideo_world import API, DEV, World, live_stream
from vidmock.apis.apivideo.images import placeholder_jpeg
from vidmock.storage import blobs

STREAM = "liPictured00000000000000"
THUMBNAIL = f"{API}/live-streams/{STREAM}/thumbnail"
SERVED = f"http://testserver{API}/live/{STREAM}/thumbnail.jpg"
DEFAULT = f"https://cdn.api.video/live/{STREAM}/thumbnail.jpg"


@pytest.fixture
def world(empty_app) -> World:
    built = World(empty_app)
    built.add(streams=[live_stream(STREAM)])
    return built


def png(width: int = 8, height: int = 4) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (10, 200, 30)).save(out, "PNG")
    return out.getvalue()


def upload(client, data: bytes, name: str = "backdrop.jpg", stream: str = STREAM):
    url = f"{API}/live-streams/{stream}/thumbnail"
    return client.post(url, files={"file": (name, data, "application/octet-stream")}, headers=DEV)


def stored(app) -> bytes | None:
    with app.world.store.begin() as conn:
        found = blobs.get(conn, f"apivideo/{STREAM}/thumbnail")
    return None if found is None else found.data


def test_an_uploaded_jpeg_is_the_streams_thumbnail_served_without_a_token(world, empty_client):
    image = placeholder_jpeg(64, 36, "backdrop")
    answer = upload(empty_client, image, name="not-an-extension.txt")
    assert answer.status_code == 201
    assert answer.json()["liveStreamId"] == STREAM and answer.json()["assets"]["thumbnail"] == SERVED
    assert (
        empty_client.get(f"{API}/live-streams/{STREAM}", headers=DEV).json()["assets"]["thumbnail"] == SERVED
    )
    listed = empty_client.get(f"{API}/live-streams", headers=DEV).json()["data"]
    assert [s["assets"]["thumbnail"] for s in listed] == [SERVED]

    served = empty_client.get(SERVED)  # no Authorization
    assert served.status_code == 200 and served.content == image
    assert served.headers["Content-Type"] == "image/jpeg"


def test_a_png_replaces_it_and_is_served_as_png(world, empty_client):
    upload(empty_client, placeholder_jpeg(16, 9))
    picture = png()
    assert upload(empty_client, picture, name="b.jpg").status_code == 201
    served = empty_client.get(SERVED)
    assert served.content == picture and served.headers["Content-Type"] == "image/png"


def test_the_served_image_must_be_revalidated_and_its_etag_follows_the_upload(world, empty_client):
    first = placeholder_jpeg(16, 9)
    upload(empty_client, first)
    served = empty_client.get(SERVED)
    assert served.headers["Cache-Control"] == "no-cache"
    assert served.headers["ETag"] == f'"{hashlib.sha1(first).hexdigest()}"'
    unchanged = empty_client.get(SERVED, headers={"If-None-Match": served.headers["ETag"]})
    assert unchanged.status_code == 304 and unchanged.headers["Cache-Control"] == "no-cache"
    upload(empty_client, png(), name="b.png")
    replaced = empty_client.get(SERVED, headers={"If-None-Match": served.headers["ETag"]})
    assert replaced.status_code == 200 and replaced.content == png()
    assert replaced.headers["ETag"] == f'"{hashlib.sha1(png()).hexdigest()}"'


@pytest.mark.parametrize(
    "data",
    [b"hello, not an image", placeholder_jpeg(16, 9)[:-200], b""],
    ids=["text", "truncated-jpeg", "empty"],
)
def test_a_file_that_is_not_a_whole_jpeg_or_png_is_refused_naming_file(world, empty_app, empty_client, data):
    kept = placeholder_jpeg(16, 9, "kept")
    upload(empty_client, kept)
    answer = upload(empty_client, data, name="photo.jpg")
    body = answer.json()
    assert answer.status_code == 400 and body["name"] == "file" and body["problems"][0]["name"] == "file"
    assert body["type"] == "https://docs.api.video/docs/fileextension"
    assert stored(empty_app) == kept


def test_a_gif_is_refused(world, empty_app, empty_client):
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "GIF")
    assert upload(empty_client, out.getvalue(), name="a.gif").json()["name"] == "file"
    assert stored(empty_app) is None


def test_a_missing_file_field_is_refused_naming_file(world, empty_app, empty_client):
    # A multipart body with a plain field and no file part.
    answer = empty_client.post(THUMBNAIL, files={"other": (None, "x")}, headers=DEV)
    assert answer.status_code == 400 and answer.json()["name"] == "file"
    assert stored(empty_app) is None


def test_an_unknown_stream_is_a_404_naming_livestreamid(world, empty_client):
    answer = upload(empty_client, placeholder_jpeg(16, 9), stream="liUnknown000000000000000")
    assert answer.status_code == 404 and answer.json()["name"] == "liveStreamId"
    missing = empty_client.delete(f"{API}/live-streams/liUnknown000000000000000/thumbnail", headers=DEV)
    assert missing.status_code == 404 and missing.json()["name"] == "liveStreamId"


def test_deleting_the_thumbnail_goes_back_to_the_default_address(world, empty_app, empty_client):
    upload(empty_client, placeholder_jpeg(16, 9))
    answer = empty_client.delete(THUMBNAIL, headers=DEV)
    assert answer.status_code == 200 and answer.json()["assets"]["thumbnail"] == DEFAULT
    assert stored(empty_app) is None
    gone = empty_client.get(SERVED)
    assert gone.status_code == 404 and gone.json()["name"] == "liveStreamId"
    # Deleting again (nothing uploaded) still answers the stream.
    assert empty_client.delete(THUMBNAIL, headers=DEV).status_code == 200


def test_deleting_the_stream_removes_its_thumbnail(world, empty_app, empty_client):
    upload(empty_client, placeholder_jpeg(16, 9))
    assert empty_client.delete(f"{API}/live-streams/{STREAM}", headers=DEV).status_code == 204
    assert stored(empty_app) is None


def test_uploads_need_a_token(world, empty_app, empty_client):
    answer = empty_client.post(THUMBNAIL, files={"file": ("a.jpg", placeholder_jpeg(16, 9))})
    assert answer.status_code == 401 and stored(empty_app) is None


def test_a_malformed_multipart_body_is_a_400_not_a_crash(world, empty_app, empty_client):
    headers = {**DEV, "Content-Type": "multipart/form-data; boundary=abc"}
    answer = empty_client.post(THUMBNAIL, content=b"--abc\r\n[[[]\r\n--abc--\r\n", headers=headers)
    assert answer.status_code == 400 and answer.json()["detail"].startswith(
        "Malformed multipart/form-data body"
    )
    assert stored(empty_app) is None
