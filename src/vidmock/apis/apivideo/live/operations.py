"""Connexion operations of api.video's live streams (`/live-streams…`) and their thumbnails."""

from __future__ import annotations

from typing import Any

from connexion.lifecycle import ConnexionResponse

from vidmock.apis.apivideo import wire
from vidmock.apis.apivideo.live import domain as streams
from vidmock.apis.apivideo.live import thumbnails
from vidmock.apis.apivideo.live import wire as live_wire
from vidmock.apis.apivideo.live.domain import find_live_stream
from vidmock.apis.apivideo.request_parts import now_ms, page_of
from vidmock.http.served_files import ServedFile, respond
from vidmock.world import current


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
    return live_wire.live_stream(row, thumbnails.url(live_id) if live_id in pictured else None)


async def create_live_stream(body: dict) -> dict:
    with current().store.begin() as conn:
        return live_wire.live_stream(streams.create_live_stream(conn, body, now_ms()))


async def get_live_stream(liveStreamId: str) -> dict:
    with current().store.read() as conn:
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


async def upload_thumbnail(liveStreamId: str, file: Any) -> tuple[dict, int]:
    data = await file.read()
    with current().store.begin() as conn:
        thumbnails.upload(conn, liveStreamId, data, now_ms())
        row = find_live_stream(conn, liveStreamId)
    return live_wire.live_stream(row, thumbnails.url(liveStreamId)), 201


async def delete_thumbnail(liveStreamId: str) -> dict:
    with current().store.begin() as conn:
        thumbnails.remove(conn, liveStreamId)
        return live_wire.live_stream(find_live_stream(conn, liveStreamId))


async def serve_thumbnail(liveStreamId: str) -> ConnexionResponse:
    with current().store.begin() as conn:
        found = thumbnails.image(conn, liveStreamId)
    return respond(ServedFile.from_blob(found, headers={"Cache-Control": "no-cache"}))
