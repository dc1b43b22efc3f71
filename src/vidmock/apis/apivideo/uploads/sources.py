"""A video's source file arriving, in one request or in chunks (`content_range` reads the
header), kept as blobs, put together and probed when the last chunk is in, which starts the
encoding (`encoding.start`, made by `media.encoder` off the request path).

Every check runs before anything is written, and the caller's transaction holds it all, so a
refused chunk leaves the video, its upload and its blobs exactly as they were.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, select

from vidmock.apis.apivideo.media import encoder, encoding
from vidmock.apis.apivideo.media.probe import probe
from vidmock.apis.apivideo.uploads.content_range import ByteRange, Part, parse, refused
from vidmock.apis.apivideo.uploads.tables import uploads
from vidmock.apis.apivideo.videos.domain import find_video
from vidmock.apis.apivideo.videos.tables import videos
from vidmock.http.errors import ApiError
from vidmock.http.numerals import LARGEST_EXACT
from vidmock.storage import blobs
from vidmock.world import current

ALREADY_UPLOADED = "filealreadyuploaded"


def source_blob(video_id: str) -> str:
    return f"apivideo/{video_id}/source"


def _chunk_blob(video_id: str, number: int) -> str:
    return f"apivideo/{video_id}/chunk/{number:06d}"


def find_upload(conn: Connection, video_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(uploads).where(uploads.c.video_id == video_id)).mappings().first()
    return None if row is None else dict(row)


def open_upload_of(conn: Connection, token: str) -> str | None:
    """The video whose chunked upload `token` started and has not finished, if any."""
    statement = select(uploads.c.video_id).where(
        uploads.c.upload_token == token, uploads.c.completed_at.is_(None)
    )
    return conn.execute(statement.order_by(uploads.c.video_id)).scalars().first()


def accepting(conn: Connection, video_id: str) -> None:
    """Nothing when `video_id` takes a source; else the refusal, which depends on the video
    alone: 404 naming `videoId`, or 400 `filealreadyuploaded` naming `file` when it has its
    source (uploaded, recorded, or from a URL)."""
    video = find_video(conn, video_id)
    if video["ingest_status"] == "uploaded" or video["source_url"]:
        raise ApiError(
            400, f"The video {video_id} already has its source", parameter="file", code=ALREADY_UPLOADED
        )


def receive(
    conn: Connection, video_id: str, data: bytes, header: str | None, now_ms: int, token: str | None = None
) -> dict[str, Any]:
    """Take one request's file for `video_id`: the whole source (no `Content-Range`) or the next
    chunk. Returns the video row as it is afterwards.

    Errors: 404 naming `videoId`; 400 `filealreadyuploaded` naming `file` when the video has its
    source (uploaded, recorded, or from a URL); 400 naming `file` for an empty file, or for a
    complete file that says its length or frame rate is past 2^53 - 1; 400 naming
    `Content-Range` for a chunk out of order, overlapping, past the total, whose size is not the
    header's, a total that changes, a form that changes, or a whole file while chunks are under way.
    """
    accepting(conn, video_id)
    if not data:
        raise ApiError(400, "The file is empty (0 bytes)", parameter="file", location="form")
    state = find_upload(conn, video_id)
    chunk = parse(header) if header is not None else None
    form, announced, complete = _check(state, chunk, len(data))
    number = state["chunks"] + 1 if state else 1
    start = state["received"] if state else 0
    ranges = [*(state["ranges"] if state else []), {"from": start, "to": start + len(data) - 1}]

    blobs.put(conn, _chunk_blob(video_id, number), data, "application/octet-stream", now_ms)
    values = {
        "form": form,
        "chunks": number,
        "received": start + len(data),
        "announced_total": announced,
        "upload_token": token if state is None else state["upload_token"],
        "completed_at": now_ms if complete else None,
    }
    total = start + len(data) if complete else (announced if form == "bytes" else None)
    values["ranges"] = [{**r, "total": total if total is not None else start + len(data)} for r in ranges]
    if state is None:
        conn.execute(uploads.insert().values(video_id=video_id, **values))
    else:
        conn.execute(uploads.update().where(uploads.c.video_id == video_id).values(**values))
    if complete:
        _assemble(conn, video_id, number, values["received"], now_ms)
    else:
        changes = {"ingest_status": "uploading", "filesize": total, "updated_at": now_ms}
        conn.execute(videos.update().where(videos.c.video_id == video_id).values(**changes))
    return find_video(conn, video_id)


def _check(state: dict[str, Any] | None, chunk: ByteRange | Part | None, size: int) -> tuple[str, Any, bool]:
    """(form, announced total, is this the last chunk) for a chunk that fits; else the 400."""
    received = state["received"] if state else 0
    if chunk is None:
        if state is not None:
            raise refused("an upload in chunks is under way: send its next chunk with a Content-Range")
        return "whole", size, True
    form = "bytes" if isinstance(chunk, ByteRange) else "part"
    if state is not None and state["form"] != form:
        raise refused(f"the chunks so far were numbered as '{state['form']}', not '{form}'")
    if isinstance(chunk, ByteRange):
        if state is not None and state["announced_total"] != chunk.total:
            raise refused(f"the total changed from {state['announced_total']} to {chunk.total} bytes")
        if chunk.start < received:
            raise refused(f"bytes {chunk.start}-{received - 1} were already received (chunks overlap)")
        if chunk.start > received:
            raise refused(f"the next chunk starts at byte {received}, not {chunk.start} (out of order)")
        if chunk.end - chunk.start + 1 != size:
            raise refused(f"the header announces {chunk.end - chunk.start + 1} bytes but the file has {size}")
        return form, chunk.total, chunk.end == chunk.total - 1
    expected = state["chunks"] + 1 if state else 1
    if chunk.number != expected:
        raise refused(f"the next chunk is part {expected}, not part {chunk.number} (out of order)")
    before = state["announced_total"] if state else None
    if before is not None and chunk.total != before:
        shown = "*" if chunk.total is None else chunk.total
        raise refused(f"the number of parts changed from {before} to {shown}")
    return form, chunk.total, chunk.is_last


def _assemble(conn: Connection, video_id: str, chunks: int, expected: int, now_ms: int) -> None:
    names = [_chunk_blob(video_id, n) for n in range(1, chunks + 1)]
    data = b"".join(blobs.get(conn, name).data for name in names)
    if len(data) != expected:  # the checks above make this impossible; never keep half a file
        raise ApiError(500, f"reassembled {len(data)} bytes where {expected} were received")
    media = probe(data)
    if media is None:  # no media: nothing to read, every rendition fails
        media = {"failed": "the file is not media a picture can be decoded from"}
    else:
        media = _bounded(media)
    is_mp4 = data[4:8] == b"ftyp"
    blobs.put(
        conn, source_blob(video_id), data, "video/mp4" if is_mp4 else "application/octet-stream", now_ms
    )
    blobs.remove(conn, *names)
    conn.execute(
        videos.update()
        .where(videos.c.video_id == video_id)
        .values(
            ingest_status="uploaded",
            filesize=len(data),
            width=media.get("width"),
            height=media.get("height"),
            duration=max(1, round(media["durationMs"] / 1000))
            if media.get("durationMs") is not None
            else None,
            updated_at=now_ms,
        )
    )
    planned = encoding.start(conn, video_id, media.get("height") or 0, now_ms, media=media)
    if not media.get("failed"):
        wanted = [(r.encoding, r.quality) for r in planned]
        encoder.submit(current(), video_id, now_ms, data, wanted)


def _bounded(media: dict[str, Any]) -> dict[str, Any]:
    """`media` when every number the file gave fits the store and a JSON client
    (`numerals.LARGEST_EXACT`); else a 400 naming `file`. An MP4's 64-bit lengths and time
    scales can claim a video of billions of years, or of as many frames a second."""
    for name, what in (("durationMs", "lasts {} ms"), ("framerate", "plays {} frames a second")):
        if media[name] is not None and media[name] > LARGEST_EXACT:
            claim = what.format(media[name])
            raise ApiError(
                400,
                f"The file says it {claim}: past {LARGEST_EXACT}, the largest number kept",
                parameter="file",
                location="form",
            )
    return media


def forget(conn: Connection, video_id: str, now_ms: int) -> None:
    """A deleted video's upload, encoding and pending events go with it (its files go with the
    video itself, `videos.delete_video`)."""
    conn.execute(delete(uploads).where(uploads.c.video_id == video_id))
    encoding.forget(conn, video_id, now_ms)
