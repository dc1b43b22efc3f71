"""Connexion operations of api.video's raw statistics: `/analytics/videos/{videoId}`, `/analytics/live-
streams/{liveStreamId}`, `/analytics/sessions/{sessionId}/events`; and the collector the mock's
player page reports playback to (`/collector/vod`)."""

from __future__ import annotations

import asyncio

from connexion import request

from vidmock.apis.apivideo import wire
from vidmock.apis.apivideo.analytics import audience, collector
from vidmock.apis.apivideo.analytics import domain as analytics
from vidmock.apis.apivideo.analytics import wire as analytics_wire
from vidmock.apis.apivideo.analytics.periods import parse_period
from vidmock.apis.apivideo.live import domain as streams
from vidmock.apis.apivideo.request_parts import now_ms, page_of
from vidmock.apis.apivideo.videos import domain as library
from vidmock.http.pagination import Page
from vidmock.world import current


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
    return wire.listing([analytics_wire.session(row, with_metadata=True) for row in shown], page)


async def list_live_stream_sessions(
    liveStreamId: str, period: str, currentPage: int = 1, pageSize: int = 25
) -> dict:
    within = parse_period(period)
    with current().store.begin() as conn:
        streams.find_live_stream(conn, liveStreamId)
        rows = analytics.sessions_of(conn, "live_stream_id", liveStreamId, within)
    page, shown = page_of(rows, currentPage, pageSize)
    return wire.listing([analytics_wire.session(row, with_metadata=False) for row in shown], page)


async def list_session_events(sessionId: str, currentPage: int = 1, pageSize: int = 25) -> dict:
    with current().store.read() as conn:
        page = Page(currentPage, pageSize, analytics.count_events(conn, sessionId))
        rows = [] if page.beyond_end else analytics.events_of(conn, sessionId, page.offset, pageSize)
    return wire.listing([analytics_wire.event(row) for row in rows], page)


async def collect(body: dict, t: int | None = None) -> dict:
    """`t` is the sender's cache-buster. The User-Agent is parsed off the event loop (slow the
    first time)."""
    platform = await asyncio.to_thread(audience.platform, request.headers.get("user-agent", ""))
    about = {**platform, **audience.referrer(body["session"].get("referrer", "")), **audience.place()}
    with current().store.begin() as conn:
        return {"session": collector.record(conn, body, about, now_ms())}
