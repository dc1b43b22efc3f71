"""`POST` and `PATCH /videos/{videoId}/thumbnail` (see `thumbnails`)."""

from __future__ import annotations

from typing import Any

from vidmock.apis.apivideo import thumbnails, wire
from vidmock.apis.apivideo.operations.common import file_bytes, now_ms
from vidmock.apis.apivideo.videos import find_video
from vidmock.world import current


async def upload_thumbnail(videoId: str, file: Any = None, **_: Any) -> dict:
    data, _name = await file_bytes(file)
    with current().store.begin() as conn:
        thumbnails.upload(conn, videoId, data, now_ms())
        return wire.video(find_video(conn, videoId))


async def pick_thumbnail(videoId: str, body: dict) -> dict:
    with current().store.begin() as conn:
        thumbnails.pick(conn, videoId, body["timecode"], now_ms())
        return wire.video(find_video(conn, videoId))
