"""Scenario support for captions and chapters.

A scenario's caption or chapter record gives its WebVTT file inline as text (`vtt`), checked
as an upload is; left out, a small file is generated. The store keeps the files as blobs, so
the scenario-side tables below carry the extra `vtt` field and live outside the store's
metadata."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Connection, MetaData, Table, Text

from vidmock.apis.apivideo.tracks.domain import VTT, blob_id
from vidmock.apis.apivideo.tracks.languages import canonical_language
from vidmock.apis.apivideo.tracks.seeding import caption_vtt, chapter_vtt
from vidmock.apis.apivideo.tracks.tables import captions, chapters
from vidmock.apis.apivideo.tracks.webvtt import checked_vtt
from vidmock.http.errors import ApiError
from vidmock.storage import blobs

_SCENARIO_ONLY = MetaData()


def _plain_columns(table: Table) -> list[Column]:
    """The table's columns (names, types, keys, nullability) without its foreign keys."""
    return [Column(c.name, c.type, primary_key=c.primary_key, nullable=c.nullable) for c in table.columns]


caption_records = Table(
    "apivideo_caption_records",
    _SCENARIO_ONLY,
    *_plain_columns(captions),
    Column("vtt", Text, nullable=False),
)
chapter_records = Table(
    "apivideo_chapter_records",
    _SCENARIO_ONLY,
    *_plain_columns(chapters),
    Column("vtt", Text, nullable=False),
)
TABLES = {"captions": caption_records, "chapters": chapter_records}
STORE_TABLES = {"captions": captions, "chapters": chapters}
REFERENCES = (
    ("captions", ("video_id",), "videos", ("video_id",)),
    ("chapters", ("video_id",), "videos", ("video_id",)),
)
DAY_MS = 86_400_000


def complete_track(kind: str, record: dict[str, Any], ctx) -> dict[str, Any]:
    """Raises ValueError for a language or a file an upload would be refused."""
    if "video_id" not in record:
        record["video_id"] = ctx.pick("videos").get("video_id")
    video = ctx.find("videos", video_id=record["video_id"])
    try:
        record["language"] = canonical_language(str(record.get("language", "en")))
        if "vtt" in record:
            checked_vtt(str(record["vtt"]).encode())
    except ApiError as exc:
        field = "language" if exc.parameter == "language" else "vtt"
        raise ValueError(f"{field}: {exc.detail}") from None
    if "vtt" not in record:
        draw = caption_vtt if kind == "captions" else chapter_vtt
        record["vtt"] = draw(ctx.rng, ctx.faker, video.get("duration") or 60).decode()
    if kind == "captions" and record.setdefault("is_default", False) is True:
        earlier = ctx.built.get("captions", [])
        if any(c["video_id"] == record["video_id"] and c["is_default"] is True for c in earlier):
            raise ValueError(f"is_default: video {record['video_id']} already has a default caption")
    record.setdefault("created_at", ctx.now_ms - DAY_MS)
    return record


def insert(conn: Connection, table_name: str, rows: list[dict[str, Any]]) -> None:
    """Rows into the store, files into blobs."""
    for row in rows:
        where = blob_id(row["video_id"], table_name, row["language"])
        blobs.put(conn, where, row["vtt"].encode(), VTT, row["created_at"])
    stored = [{k: v for k, v in row.items() if k != "vtt"} for row in rows]
    conn.execute(STORE_TABLES[table_name].insert(), stored)
