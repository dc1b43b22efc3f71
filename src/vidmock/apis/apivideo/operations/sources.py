"""`POST /videos/{videoId}/source`: the video's file, whole or in chunks (see `sources`)."""

from __future__ import annotations

from typing import Any

from vidmock.apis.apivideo import sources, wire
from vidmock.apis.apivideo.operations.common import content_range, file_bytes, now_ms
from vidmock.world import current


async def upload_source(videoId: str, file: Any = None, **_: Any) -> tuple[dict, int]:
    data, _name = await file_bytes(file)
    with current().store.begin() as conn:
        row = sources.receive(conn, videoId, data, content_range(), now_ms())
    return wire.video(row), 201
