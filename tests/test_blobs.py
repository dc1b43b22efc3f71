"""Stored bytes travel through export and import unchanged; images are known by content."""

from __future__ import annotations

import io

from PIL import Image

from vidmock.apis.apivideo import images
from vidmock.storage import blobs

PAYLOAD = bytes(range(256)) * 3  # every byte value, NULs included


def test_a_blob_survives_export_and_import(empty_client, empty_app):
    store = empty_app.world.store
    with store.begin() as conn:
        blobs.put(conn, "apivideo/vi1/source", PAYLOAD, "video/mp4", 1_700_000_000_000)
    snapshot = empty_client.get("/__admin/export").json()
    row = snapshot["tables"]["blobs"][0]
    assert row["media_type"] == "video/mp4"
    assert isinstance(row["data"], str)  # base64 text, since JSON has no bytes
    with store.begin() as conn:
        blobs.remove(conn, "apivideo/vi1/source")
        assert blobs.get(conn, "apivideo/vi1/source") is None
    assert empty_client.post("/__admin/import", json=snapshot).status_code == 200
    with store.begin() as conn:
        blob = blobs.get(conn, "apivideo/vi1/source")
        assert blob is not None and blob.data == PAYLOAD
        assert blobs.size(conn, "apivideo/vi1/source") == 768


def test_a_snapshot_whose_bytes_are_not_base64_is_refused_whole(empty_client, empty_app):
    snapshot = empty_client.get("/__admin/export").json()
    snapshot["tables"]["blobs"] = [
        {"blob_id": "x", "media_type": "image/png", "data": "not base64!", "created_at": 0}
    ]
    refused = empty_client.post("/__admin/import", json=snapshot)
    assert refused.status_code == 400
    assert "/tables/blobs/0/data" in refused.text and "base64" in refused.text


def test_removing_a_prefix_removes_only_that_resources_files(empty_app):
    names = ("a/1/source", "a/1/thumb", "a/10/source", "a_/x", "ab/x")
    with empty_app.world.store.begin() as conn:
        for blob_id in names:
            blobs.put(conn, blob_id, b"x", "application/octet-stream", 0)
        blobs.remove_prefix(conn, "a/1/")
        blobs.remove_prefix(conn, "a_/")  # a literal underscore, not a LIKE wildcard
        left = {blob_id for blob_id in names if blobs.get(conn, blob_id)}
    assert left == {"a/10/source", "ab/x"}


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (255, 0, 0)).save(out, format="PNG")
    return out.getvalue()


def test_images_are_known_by_content():
    assert images.sniff(png(3, 2)) == images.ImageInfo("image/png", 3, 2)
    assert images.sniff(png(3, 2)[:20]) is None  # truncated
    assert images.sniff(b"GIF89a not really") is None
    assert images.sniff(b"%PDF-1.7") is None
    gif = io.BytesIO()
    Image.new("RGB", (1, 1)).save(gif, format="GIF")
    assert images.sniff(gif.getvalue()) is None  # an image, but not JPEG or PNG
    assert images.sniff(gif.getvalue(), frozenset({"image/gif"})) == images.ImageInfo("image/gif", 1, 1)


def test_a_placeholder_is_a_jpeg_of_the_asked_size_and_the_same_for_the_same_seed():
    first = images.placeholder_jpeg(64, 36, seed="vi1")
    assert images.sniff(first) == images.ImageInfo("image/jpeg", 64, 36)
    assert images.placeholder_jpeg(64, 36, seed="vi1") == first
