"""Captions and chapters of a video: one WebVTT file per kind and language.

A track is a row (`tracks.tables`) and a blob `apivideo/<videoId>/<kind>/<language>` holding
the file as uploaded. Uploading for a language that already has a track replaces its file and
keeps the rest (a caption stays the default one), as api.video's upload is documented to
"add captions" for the language without a separate replace operation."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import Connection, Table, delete, select

from vidmock.apis.apivideo.common import not_found
from vidmock.apis.apivideo.tracks.languages import canonical_language
from vidmock.apis.apivideo.tracks.tables import captions, chapters
from vidmock.apis.apivideo.videos.domain import find_video
from vidmock.storage import blobs
from vidmock.storage.rows import as_dicts

Kind = Literal["captions", "chapters"]
TABLES: dict[str, Table] = {"captions": captions, "chapters": chapters}
VTT = "text/vtt"


def blob_id(video_id: str, kind: Kind, language: str) -> str:
    return f"apivideo/{video_id}/{kind}/{language}"


def list_tracks(conn: Connection, video_id: str, kind: Kind) -> list[dict[str, Any]]:
    """The video's tracks of `kind` ordered by language; 404 naming `videoId` for an unknown video."""
    find_video(conn, video_id)
    table = TABLES[kind]
    statement = select(table).where(table.c.video_id == video_id).order_by(table.c.language)
    return as_dicts(conn.execute(statement))


def find_track(conn: Connection, video_id: str, kind: Kind, language: str) -> dict[str, Any]:
    """One track; 404 naming `videoId` (unknown video) or `language` (no track in it)."""
    find_video(conn, video_id)
    table = TABLES[kind]
    statement = select(table).where(table.c.video_id == video_id, table.c.language == language)
    row = conn.execute(statement).mappings().first()
    if row is None:
        raise not_found("language", language)
    return dict(row)


def put_track(
    conn: Connection, video_id: str, kind: Kind, language: str, data: bytes, now_ms: int
) -> dict[str, Any]:
    """Store `data` (already checked WebVTT) as the video's track in `language`, creating it
    or replacing its file."""
    find_video(conn, video_id)
    table = TABLES[kind]
    where = (table.c.video_id == video_id, table.c.language == language)
    if conn.execute(select(table.c.language).where(*where)).first() is None:
        row: dict[str, Any] = {"video_id": video_id, "language": language, "created_at": now_ms}
        if kind == "captions":
            row["is_default"] = False
        conn.execute(table.insert(), row)
    blobs.put(conn, blob_id(video_id, kind, language), data, VTT, now_ms)
    return find_track(conn, video_id, kind, language)


def set_default_caption(conn: Connection, video_id: str, language: str, default: bool) -> dict[str, Any]:
    """`default: true` makes this caption the video's only default one; `false` clears it."""
    find_track(conn, video_id, "captions", language)
    if default:
        conn.execute(captions.update().where(captions.c.video_id == video_id).values(is_default=False))
    statement = captions.update().where(captions.c.video_id == video_id, captions.c.language == language)
    conn.execute(statement.values(is_default=default))
    return find_track(conn, video_id, "captions", language)


def delete_track(conn: Connection, video_id: str, kind: Kind, language: str) -> None:
    find_track(conn, video_id, kind, language)
    table = TABLES[kind]
    conn.execute(delete(table).where(table.c.video_id == video_id, table.c.language == language))
    blobs.remove(conn, blob_id(video_id, kind, language))


def track_file(conn: Connection, video_id: str, kind: Kind, language: str) -> blobs.Blob:
    """The stored WebVTT file; 404 as `find_track`."""
    find_track(conn, video_id, kind, language)
    blob = blobs.get(conn, blob_id(video_id, kind, language))
    if blob is None:  # a row imported without its file
        raise not_found("language", language)
    return blob


def track_language(conn: Connection, video_id: str, language: str) -> str:
    """The canonical tag of `language` in the path of an existing video. An unknown video is a
    404 naming `videoId` before the tag is judged (400 naming `language`)."""
    find_video(conn, video_id)
    return canonical_language(language)
