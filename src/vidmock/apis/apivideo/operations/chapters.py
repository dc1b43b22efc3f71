"""Connexion operations of api.video's chapters (`/videos/{videoId}/chapters…`)."""

from __future__ import annotations

from typing import Any

from vidmock.apis.apivideo.operations import tracks


async def list_chapters(videoId: str, currentPage: int = 1, pageSize: int = 25) -> dict:
    return tracks.listing("chapters", videoId, currentPage, pageSize)


async def get_chapter(videoId: str, language: str) -> dict:
    return tracks.one("chapters", videoId, language)


async def upload_chapter(videoId: str, language: str, file: Any) -> dict:
    return await tracks.upload("chapters", videoId, language, file)


async def delete_chapter(videoId: str, language: str) -> tuple[None, int]:
    return tracks.remove("chapters", videoId, language)
