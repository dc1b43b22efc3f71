"""Connexion operations of api.video: read the parsed request, call the domain, shape the answer.
The spec has already checked every parameter's type and bounds and every body's shape."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from vidmock.apis.apivideo import live_streams as streams
from vidmock.apis.apivideo import live_thumbnails as thumbnails
from vidmock.apis.apivideo import sessions as analytics
from vidmock.apis.apivideo import sources, status, wire
from vidmock.apis.apivideo import videos as library
from vidmock.apis.apivideo.operations.common import now_ms, page_of
from vidmock.apis.apivideo.periods import parse_period
from vidmock.errors import ApiError
from vidmock.pagination import Page
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
    return wire.listing([wire.video(row) for row in shown], page)


async def create_video(body: dict) -> tuple[dict, int]:
    published = _published_ms(body.get("publishedAt"))
    with current().store.begin() as conn:
        row = library.create_video(conn, body, now_ms(), published)
    return wire.video(row), 202 if row["source_url"] else 201


def _published_ms(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(datetime.fromisoformat(text.replace("z", "Z")).timestamp() * 1000)
    except ValueError as exc:
        # The spec checked the RFC 3339 form; a day such as February 30 still gets here.
        raise ApiError(400, f"'{text}' is not a real date-time ({exc})", pointer="/publishedAt") from None


async def get_video(videoId: str) -> dict:
    with current().store.begin() as conn:
        return wire.video(library.find_video(conn, videoId))


async def update_video(videoId: str, body: dict) -> dict:
    with current().store.begin() as conn:
        return wire.video(library.update_video(conn, videoId, body, now_ms()))


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


async def list_live_streams(
    streamKey: str | None = None,
    name: str | None = None,
    sortBy: str = "createdAt",
    sortOrder: str = "asc",
    currentPage: int = 1,
    pageSize: int = 25,
) -> dict:
    with current().store.begin() as conn:
        rows = streams.list_live_streams(conn, streamKey, name, sortBy, sortOrder == "desc")
        page, shown = page_of(rows, currentPage, pageSize)
        pictured = thumbnails.with_thumbnails(conn, [row["live_stream_id"] for row in shown])
    return wire.listing([_live_stream(row, pictured) for row in shown], page)


def _live_stream(row: dict[str, Any], pictured: set[str]) -> dict[str, Any]:
    live_id = row["live_stream_id"]
    return wire.live_stream(row, thumbnails.url(live_id) if live_id in pictured else None)


async def create_live_stream(body: dict) -> dict:
    with current().store.begin() as conn:
        return wire.live_stream(streams.create_live_stream(conn, body, now_ms()))


async def get_live_stream(liveStreamId: str) -> dict:
    with current().store.begin() as conn:
        row = streams.find_live_stream(conn, liveStreamId)
        return _live_stream(row, thumbnails.with_thumbnails(conn, [liveStreamId]))


async def update_live_stream(liveStreamId: str, body: dict) -> dict:
    with current().store.begin() as conn:
        row = streams.update_live_stream(conn, liveStreamId, body, now_ms())
        return _live_stream(row, thumbnails.with_thumbnails(conn, [liveStreamId]))


async def delete_live_stream(liveStreamId: str) -> tuple[None, int]:
    with current().store.begin() as conn:
        streams.delete_live_stream(conn, liveStreamId)
    return None, 204


# --- raw statistics -------------------------------------------------------------------------


async def list_video_sessions(
    videoId: str,
    period: str,
    metadata: dict[str, str] | None = None,
    currentPage: int = 1,
    pageSize: int = 25,
) -> dict:
    within = parse_period(period)
    with current().store.begin() as conn:
        library.find_video(conn, videoId)
        rows = analytics.sessions_of(conn, "video_id", videoId, within, metadata)
    page, shown = page_of(rows, currentPage, pageSize)
    return wire.listing([wire.session(row, with_metadata=True) for row in shown], page)


async def list_live_stream_sessions(
    liveStreamId: str, period: str, currentPage: int = 1, pageSize: int = 25
) -> dict:
    within = parse_period(period)
    with current().store.begin() as conn:
        streams.find_live_stream(conn, liveStreamId)
        rows = analytics.sessions_of(conn, "live_stream_id", liveStreamId, within)
    page, shown = page_of(rows, currentPage, pageSize)
    return wire.listing([wire.session(row, with_metadata=False) for row in shown], page)


async def list_session_events(sessionId: str, currentPage: int = 1, pageSize: int = 25) -> dict:
    with current().store.begin() as conn:
        page = Page(currentPage, pageSize, analytics.count_events(conn, sessionId))
        rows = [] if page.beyond_end else analytics.events_of(conn, sessionId, page.offset, pageSize)
    return wire.listing([wire.event(row) for row in rows], page)
