"""What the upload operations share: the clock in Unix ms, the file of a multipart body."""

from __future__ import annotations

from typing import Any

from connexion import request

from vidmock.errors import ApiError
from vidmock.world import current


def now_ms() -> int:
    return int(current().clock.timestamp() * 1000)


async def file_bytes(file: Any) -> tuple[bytes, str]:
    """The bytes and file name of the multipart field `file`; a 400 naming `file` when it was
    sent as a plain field rather than a file."""
    if not hasattr(file, "read"):
        raise ApiError(400, "The field 'file' must be a file part (with a filename)", parameter="file")
    return await file.read(), file.filename or ""


def content_range() -> str | None:
    return request.headers.get("content-range")
