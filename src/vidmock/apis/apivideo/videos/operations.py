"""Connexion operations of api.video: read the parsed request, call the domain, shape the answer.
The spec has already checked every parameter's type and bounds and every body's shape."""

from __future__ import annotations

from datetime import datetime

from vidmock.apis.apivideo import wire
from vidmock.apis.apivideo.request_parts import now_ms, page_of
from vidmock.apis.apivideo.uploads import sources
from vidmock.apis.apivideo.videos import domain as library
from vidmock.apis.apivideo.videos import status
from vidmock.apis.apivideo.videos import wire as videos_wire
from vidmock.http.errors import ApiError
from vidmock.world import current

JSON = {"Content-Type": "application/json"}


# --- videos ---------------------------------------------------------------------------------


async def list_videos(
    title: str | None = None,
    tags: list[str] | None = None,
    metadata: dict[str, str] | None = None,
    description: str | None = None,
    liveStreamId: str | None = None,
    sortBy: str = "publishedAt",
    sortOrder: str = "asc",
    currentPage: int = 1,
    pageSize: int = 25,
) -> dict:
    where = library.VideoFilter(title, description, tuple(tags or ()), metadata, liveStreamId)
    with current().store.begin() as conn:
        rows = library.list_videos(conn, where, sortBy, sortOrder == "desc")
    page, shown = page_of(rows, currentPage, pageSize)
    return wire.listing([videos_wire.video(row) for row in shown], page)


async def create_video(body: dict) -> tuple[dict, int]:
    published = _published_ms(body.get("publishedAt"))
    with current().store.begin() as conn:
        row = library.create_video(conn, body, now_ms(), published)
    return videos_wire.video(row), 202 if row["source_url"] else 201


def _published_ms(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(datetime.fromisoformat(text.replace("z", "Z")).timestamp() * 1000)
    except ValueError as exc:
        # The spec checked the RFC 3339 form; a day such as February 30 still gets here.
        raise ApiError(400, f"'{text}' is not a real date-time ({exc})", pointer="/publishedAt") from None


async def get_video(videoId: str) -> dict:
    with current().store.read() as conn:
        return videos_wire.video(library.find_video(conn, videoId))


async def update_video(videoId: str, body: dict) -> dict:
    with current().store.begin() as conn:
        return videos_wire.video(library.update_video(conn, videoId, body, now_ms()))


async def delete_video(videoId: str) -> tuple[None, int]:
    with current().store.begin() as conn:
        # Its upload, encoding and pending events first: they refer to the video.
        sources.forget(conn, videoId, now_ms())
        library.delete_video(conn, videoId)
    return None, 204


async def get_video_status(videoId: str) -> dict:
    with current().store.begin() as conn:
        return status.video_status(conn, library.find_video(conn, videoId), now_ms())


# --- live streams ---------------------------------------------------------------------------


# --- raw statistics -------------------------------------------------------------------------
