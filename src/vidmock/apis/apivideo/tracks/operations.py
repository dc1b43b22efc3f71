"""What the operations of a video's text tracks share: captions and chapters are WebVTT files
per language, listed, read, uploaded and deleted alike (`/videos/{videoId}/captions…`,
`/videos/{videoId}/chapters…`); each kind answers in its own wire shape."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vidmock.apis.apivideo import wire
from vidmock.apis.apivideo.request_parts import now_ms, page_of
from vidmock.apis.apivideo.tracks import domain as text_tracks
from vidmock.apis.apivideo.tracks import wire as tracks_wire
from vidmock.apis.apivideo.tracks.domain import track_language
from vidmock.apis.apivideo.tracks.webvtt import checked_vtt
from vidmock.world import current

SHAPES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "captions": tracks_wire.caption,
    "chapters": tracks_wire.chapter,
}


def listing(kind: str, video_id: str, current_page: int, page_size: int) -> dict:
    with current().store.read() as conn:
        rows = text_tracks.list_tracks(conn, video_id, kind)
    page, shown = page_of(rows, current_page, page_size)
    return wire.listing([SHAPES[kind](row) for row in shown], page)


def one(kind: str, video_id: str, language: str) -> dict:
    with current().store.read() as conn:
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


async def list_captions(videoId: str, currentPage: int = 1, pageSize: int = 25) -> dict:
    return listing("captions", videoId, currentPage, pageSize)


async def get_caption(videoId: str, language: str) -> dict:
    return one("captions", videoId, language)


async def upload_caption(videoId: str, language: str, file: Any) -> dict:
    return await upload("captions", videoId, language, file)


async def update_caption(videoId: str, language: str, body: dict) -> dict:
    if "default" not in body:
        return one("captions", videoId, language)
    with current().store.begin() as conn:
        tag = track_language(conn, videoId, language)
        return tracks_wire.caption(text_tracks.set_default_caption(conn, videoId, tag, body["default"]))


async def delete_caption(videoId: str, language: str) -> tuple[None, int]:
    return remove("captions", videoId, language)


async def list_chapters(videoId: str, currentPage: int = 1, pageSize: int = 25) -> dict:
    return listing("chapters", videoId, currentPage, pageSize)


async def get_chapter(videoId: str, language: str) -> dict:
    return one("chapters", videoId, language)


async def upload_chapter(videoId: str, language: str, file: Any) -> dict:
    return await upload("chapters", videoId, language, file)


async def delete_chapter(videoId: str, language: str) -> tuple[None, int]:
    return remove("chapters", videoId, language)
