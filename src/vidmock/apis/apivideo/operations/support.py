"""What the operations of captions, chapters and players share: the clock, paging, and the
order in which a track's path is judged."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from vidmock.apis.apivideo.languages import canonical_language
from vidmock.apis.apivideo.videos import find_video
from vidmock.pagination import Page
from vidmock.world import current


def now_ms() -> int:
    return int(current().clock.timestamp() * 1000)


def page_of(rows: list[dict[str, Any]], current_page: int, page_size: int) -> tuple[Page, list]:
    page = Page(current_page, page_size, len(rows))
    return page, rows[page.offset : page.offset + page_size]


def track_language(conn: Connection, video_id: str, language: str) -> str:
    """The canonical tag of `language` in the path of an existing video. An unknown video is a
    404 naming `videoId` before the tag is judged (400 naming `language`)."""
    find_video(conn, video_id)
    return canonical_language(language)
