"""Connexion operations of api.video's captions (`/videos/{videoId}/captions…`)."""

from __future__ import annotations

from typing import Any

from vidmock.apis.apivideo import resource_wire, text_tracks
from vidmock.apis.apivideo.operations import tracks
from vidmock.apis.apivideo.operations.common import track_language
from vidmock.world import current


async def list_captions(videoId: str, currentPage: int = 1, pageSize: int = 25) -> dict:
    return tracks.listing("captions", videoId, currentPage, pageSize)


async def get_caption(videoId: str, language: str) -> dict:
    return tracks.one("captions", videoId, language)


async def upload_caption(videoId: str, language: str, file: Any) -> dict:
    return await tracks.upload("captions", videoId, language, file)


async def update_caption(videoId: str, language: str, body: dict) -> dict:
    if "default" not in body:
        return tracks.one("captions", videoId, language)
    with current().store.begin() as conn:
        tag = track_language(conn, videoId, language)
        return resource_wire.caption(text_tracks.set_default_caption(conn, videoId, tag, body["default"]))


async def delete_caption(videoId: str, language: str) -> tuple[None, int]:
    return tracks.remove("captions", videoId, language)
