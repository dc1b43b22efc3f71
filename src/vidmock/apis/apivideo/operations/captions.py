"""Connexion operations of api.video's captions (`/videos/{videoId}/captions…`)."""

from __future__ import annotations

from typing import Any

from vidmock.apis.apivideo import resource_wire, text_tracks, wire
from vidmock.apis.apivideo.operations.common import now_ms, page_of, track_language
from vidmock.apis.apivideo.webvtt_files import checked_vtt
from vidmock.world import current


async def list_captions(videoId: str, currentPage: int = 1, pageSize: int = 25) -> dict:
    with current().store.begin() as conn:
        rows = text_tracks.list_tracks(conn, videoId, "captions")
    page, shown = page_of(rows, currentPage, pageSize)
    return wire.listing([resource_wire.caption(row) for row in shown], page)


async def get_caption(videoId: str, language: str) -> dict:
    with current().store.begin() as conn:
        tag = track_language(conn, videoId, language)
        return resource_wire.caption(text_tracks.find_track(conn, videoId, "captions", tag))


async def upload_caption(videoId: str, language: str, file: Any) -> dict:
    data = await file.read()
    with current().store.begin() as conn:
        tag = track_language(conn, videoId, language)
        row = text_tracks.put_track(conn, videoId, "captions", tag, checked_vtt(data), now_ms())
        return resource_wire.caption(row)


async def update_caption(videoId: str, language: str, body: dict) -> dict:
    with current().store.begin() as conn:
        tag = track_language(conn, videoId, language)
        if "default" in body:
            return resource_wire.caption(text_tracks.set_default_caption(conn, videoId, tag, body["default"]))
        return resource_wire.caption(text_tracks.find_track(conn, videoId, "captions", tag))


async def delete_caption(videoId: str, language: str) -> tuple[None, int]:
    with current().store.begin() as conn:
        text_tracks.delete_track(conn, videoId, "captions", track_language(conn, videoId, language))
    return None, 204
