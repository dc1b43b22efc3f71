"""What the operations of a video's text tracks share: captions and chapters are WebVTT files
per language, listed, read, uploaded and deleted alike (`/videos/{videoId}/captions…`,
`/videos/{videoId}/chapters…`); each kind answers in its own wire shape."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vidmock.apis.apivideo import resource_wire, text_tracks, wire
from vidmock.apis.apivideo.operations.common import now_ms, page_of, track_language
from vidmock.apis.apivideo.webvtt_files import checked_vtt
from vidmock.world import current

SHAPES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "captions": resource_wire.caption,
    "chapters": resource_wire.chapter,
}


def listing(kind: str, video_id: str, current_page: int, page_size: int) -> dict:
    with current().store.begin() as conn:
        rows = text_tracks.list_tracks(conn, video_id, kind)
    page, shown = page_of(rows, current_page, page_size)
    return wire.listing([SHAPES[kind](row) for row in shown], page)


def one(kind: str, video_id: str, language: str) -> dict:
    with current().store.begin() as conn:
        tag = track_language(conn, video_id, language)
        return SHAPES[kind](text_tracks.find_track(conn, video_id, kind, tag))


async def upload(kind: str, video_id: str, language: str, file: Any) -> dict:
    data = await file.read()
    with current().store.begin() as conn:
        tag = track_language(conn, video_id, language)
        return SHAPES[kind](text_tracks.put_track(conn, video_id, kind, tag, checked_vtt(data), now_ms()))


def remove(kind: str, video_id: str, language: str) -> tuple[None, int]:
    with current().store.begin() as conn:
        text_tracks.delete_track(conn, video_id, kind, track_language(conn, video_id, language))
    return None, 204
