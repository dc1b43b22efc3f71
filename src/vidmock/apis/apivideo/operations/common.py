"""What api.video's operations share: the clock in Unix ms, a page of a list, the file of a
multipart body, and the order in which a track's path is judged."""

from __future__ import annotations

from typing import Any

from connexion import request
from sqlalchemy import Connection

from vidmock.apis.apivideo.languages import canonical_language
from vidmock.apis.apivideo.videos import find_video
from vidmock.errors import ApiError
from vidmock.pagination import Page
from vidmock.world import current


def now_ms() -> int:
    return current().clock.millis()


def page_of(rows: list[dict[str, Any]], current_page: int, page_size: int) -> tuple[Page, list]:
    page = Page(current_page, page_size, len(rows))
    return page, rows[page.offset : page.offset + page_size]


def track_language(conn: Connection, video_id: str, language: str) -> str:
    """The canonical tag of `language` in the path of an existing video. An unknown video is a
    404 naming `videoId` before the tag is judged (400 naming `language`)."""
    find_video(conn, video_id)
    return canonical_language(language)


async def file_bytes(file: Any) -> tuple[bytes, str]:
    """The bytes and file name of the multipart field `file`; a 400 naming `file` when it was
    sent as a plain field rather than a file."""
    if not hasattr(file, "read"):
        raise ApiError(400, "The field 'file' must be a file part (with a filename)", parameter="file")
    return await file.read(), file.filename or ""


def content_range() -> str | None:
    return request.headers.get("content-range")
