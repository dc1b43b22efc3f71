"""What api.video's operations share: the clock in Unix ms, a page of a list, the file of a
multipart body, and the order in which a track's path is judged."""

from __future__ import annotations

from typing import Any

from connexion import request

from vidmock.http.file_names import upload_name
from vidmock.http.pagination import Page
from vidmock.world import current


def now_ms() -> int:
    return current().clock.millis()


def page_of(rows: list[dict[str, Any]], current_page: int, page_size: int) -> tuple[Page, list]:
    page = Page(current_page, page_size, len(rows))
    return page, rows[page.offset : page.offset + page_size]


async def file_bytes(file: Any) -> tuple[bytes, str]:
    """The bytes and file name (`file_names.upload_name`: `filename*` first, RFC 2047 decoded,
    no path) of the upload's file part, which the body validator has made sure is one file part
    (`vidmock.http.file_parts`)."""
    return await file.read(), upload_name(file)


def content_range() -> str | None:
    return request.headers.get("content-range")
