"""Connexion operations of api.video's live-stream thumbnails, and the image as the mock serves it."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile

from vidmock.apis.apivideo import live_thumbnails as thumbnails
from vidmock.apis.apivideo import wire
from vidmock.apis.apivideo.live_streams import find_live_stream
from vidmock.apis.apivideo.operations.common import now_ms
from vidmock.world import current


async def upload_thumbnail(liveStreamId: str, file: Any) -> tuple[dict, int]:
    # A text field named `file` arrives as a string: its bytes are judged like a file's.
    data = await file.read() if isinstance(file, UploadFile) else str(file).encode()
    with current().store.begin() as conn:
        thumbnails.upload(conn, liveStreamId, data, now_ms())
        row = find_live_stream(conn, liveStreamId)
    return wire.live_stream(row, thumbnails.url(liveStreamId)), 201


async def delete_thumbnail(liveStreamId: str) -> dict:
    with current().store.begin() as conn:
        thumbnails.remove(conn, liveStreamId)
        return wire.live_stream(find_live_stream(conn, liveStreamId))


async def serve_thumbnail(liveStreamId: str) -> tuple[bytes, int, dict[str, str]]:
    with current().store.begin() as conn:
        found = thumbnails.image(conn, liveStreamId)
    return found.data, 200, {"Content-Type": found.media_type, "Cache-Control": "no-cache"}
