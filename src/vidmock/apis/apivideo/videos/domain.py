"""Videos: the documented list filters and sorting, creation, partial update, deletion."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select

from vidmock.apis.apivideo.analytics.tables import events, sessions
from vidmock.apis.apivideo.common import has_metadata, not_found, sort_rows
from vidmock.apis.apivideo.ids import new_id
from vidmock.apis.apivideo.players.links import require_player
from vidmock.apis.apivideo.tracks.tables import captions, chapters
from vidmock.apis.apivideo.videos.tables import videos
from vidmock.storage import blobs
from vidmock.storage.rows import Read, as_dicts

# API field -> column, for the fields a PATCH may set.
UPDATABLE = {
    "title": "title",
    "description": "description",
    "public": "public",
    "panoramic": "panoramic",
    "mp4Support": "mp4_support",
    "playerId": "player_id",
    "tags": "tags",
    "metadata": "metadata",
}
_VIDEO = Read(select(videos).where(videos.c.video_id == bindparam("video_id")))


@dataclass(frozen=True)
class VideoFilter:
    title: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    metadata: dict[str, str] | None = None
    live_stream_id: str | None = None

    def matches(self, row: dict[str, Any]) -> bool:
        if self.title is not None and self.title.lower() not in row["title"].lower():
            return False
        if self.description is not None and self.description.lower() not in row["description"].lower():
            return False
        if not set(self.tags) <= set(row["tags"]):
            return False
        return has_metadata(row["metadata"], self.metadata)


def find_video(conn: Connection, video_id: str) -> dict[str, Any]:
    row = _VIDEO.first(conn, video_id=video_id)
    if row is None:
        raise not_found("videoId", video_id)
    return row


def list_videos(conn: Connection, where: VideoFilter, sort_by: str, descending: bool) -> list[dict[str, Any]]:
    """Every matching video in order; the lists are small, so filtering on JSON happens here."""
    statement = select(videos)
    if where.live_stream_id is not None:
        statement = statement.where(videos.c.live_stream_id == where.live_stream_id)
    rows = [row for row in as_dicts(conn.execute(statement)) if where.matches(row)]
    if sort_by == "title":
        return sort_rows(rows, lambda row: row["title"].lower(), "video_id", descending)
    return sort_rows(rows, lambda row: row["published_at"], "video_id", descending)


def create_video(
    conn: Connection, body: dict[str, Any], now_ms: int, published_ms: int | None
) -> dict[str, Any]:
    require_player(conn, body.get("playerId"))
    row = {
        "video_id": new_id("vi"),
        "title": body["title"],
        "description": body.get("description", ""),
        "public": body.get("public", True),
        "panoramic": body.get("panoramic", False),
        "mp4_support": body.get("mp4Support", True),
        "player_id": body.get("playerId"),
        "tags": list(body.get("tags", [])),
        "metadata": [{"key": m["key"], "value": m["value"]} for m in body.get("metadata", [])],
        "published_at": published_ms if published_ms is not None else now_ms,
        "updated_at": now_ms,
        "live_stream_id": None,
        "source_url": body.get("source"),
        # A source URL is fetched by api.video in the background; the mock never fetches it.
        "ingest_status": "uploading" if body.get("source") else "missing",
        "filesize": None,
        "duration": None,
        "width": None,
        "height": None,
    }
    conn.execute(videos.insert(), row)
    return row


def update_video(conn: Connection, video_id: str, body: dict[str, Any], now_ms: int) -> dict[str, Any]:
    find_video(conn, video_id)
    require_player(conn, body.get("playerId"))
    changes = {column: body[field] for field, column in UPDATABLE.items() if field in body}
    if "metadata" in changes:
        changes["metadata"] = [{"key": m["key"], "value": m["value"]} for m in changes["metadata"]]
    changes["updated_at"] = now_ms
    conn.execute(videos.update().where(videos.c.video_id == video_id).values(**changes))
    return find_video(conn, video_id)


def delete_video(conn: Connection, video_id: str) -> None:
    """The video goes with its player sessions and their events, its captions and chapters,
    and every file stored for it."""
    find_video(conn, video_id)
    for tracks in (captions, chapters):
        conn.execute(delete(tracks).where(tracks.c.video_id == video_id))
    blobs.remove_prefix(conn, f"apivideo/{video_id}/")
    its_sessions = select(sessions.c.session_id).where(sessions.c.video_id == video_id)
    conn.execute(delete(events).where(events.c.session_id.in_(its_sessions)))
    conn.execute(delete(sessions).where(sessions.c.video_id == video_id))
    conn.execute(delete(videos).where(videos.c.video_id == video_id))
