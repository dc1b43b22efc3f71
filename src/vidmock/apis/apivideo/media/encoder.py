"""The encoder: makes each rendition a plan (`media.encoding`) lists, off the request path, and
keeps it in the store as blobs.

One worker thread per process (created on first use, never at start-up) takes jobs in order, at
most `MAX_QUEUED` waiting; a job makes the HLS qualities lowest first, then the MP4, and hands
each one over as soon as it is made. The store is written in the thread that serves requests
(an in-memory store is one connection, shared by nothing else): `flush` writes what was handed
over, and every read of a video's status or files calls `ensure`, which flushes and queues the
job of a plan whose renditions are missing (after an import, a restart, or another worker's
upload). A store with a connection per thread (a file, PostgreSQL) is written by the worker
itself, so other worker processes see a rendition as soon as it is made.

Blobs, below `apivideo/<videoId>/`: `hls/<quality>/manifest.m3u8`, `hls/<quality>/<n>.ts`,
`hls/<quality>/about` (what the master playlist says of it, JSON) and `mp4`.
"""

from __future__ import annotations

import json
import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, select
from sqlalchemy.pool import StaticPool

from vidmock.apis.apivideo.media import encoding, renditions, sample
from vidmock.apis.apivideo.uploads.tables import encodings
from vidmock.apis.apivideo.webhooks import outbox
from vidmock.storage import blobs
from vidmock.storage.store import Store
from vidmock.world import World

MAX_QUEUED = 8  # jobs waiting at most; a read queues a turned-away one again later
_log = logging.getLogger(__name__)
_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None
_queued: dict[tuple[int, str, int], Future] = {}  # (id of the store, videoId, plan's started_at) -> job
_made: list[Made] = []  # renditions made, waiting for `flush`


@dataclass
class Made:
    """A rendition made for the plan of `video_id` started at `started_at` (or its failure)."""

    store: Store  # the store of the world it was made for
    video_id: str
    started_at: int
    files: list[tuple[str, bytes, str]] = field(default_factory=list)  # (blob id, bytes, media type)
    failed: str | None = None  # why the source could not be encoded


def hls_blob(video_id: str, quality: str, name: str) -> str:
    return f"apivideo/{video_id}/hls/{quality}/{name}"


def mp4_blob(video_id: str) -> str:
    return f"apivideo/{video_id}/mp4"


def made_qualities(conn: Connection, video_id: str) -> set[str]:
    """The HLS qualities of `video_id` whose rendition is in the store."""
    prefix = f"apivideo/{video_id}/hls/"
    ids = conn.execute(
        select(blobs.blobs.c.blob_id).where(blobs.blobs.c.blob_id.startswith(prefix, autoescape=True))
    ).scalars()
    return {blob_id[len(prefix) :].split("/")[0] for blob_id in ids if blob_id.endswith("/about")}


def about(conn: Connection, video_id: str, quality: str) -> dict[str, Any] | None:
    """What `renditions.HlsRendition.about` said of a stored rendition, or None."""
    blob = blobs.get(conn, hls_blob(video_id, quality, "about"))
    return None if blob is None else json.loads(blob.data)


def ensure(conn: Connection, world: World, video_id: str, now_ms: int) -> None:
    """Write what the worker made, then queue the job of `video_id`'s plan when renditions it
    lists are missing and none is queued in this process."""
    flush(conn, world.store, now_ms)
    plan = conn.execute(select(encodings).where(encodings.c.video_id == video_id)).mappings().first()
    if plan is None or plan["media"].get("failed"):
        return
    steps = encoding.renditions(plan["started_at"], plan["step_ms"], plan["source_height"], True)
    made = made_qualities(conn, video_id)
    wanted = [
        (r.encoding, r.quality)
        for r in steps
        if (r.encoding == "hls" and r.quality not in made)
        or (r.encoding == "mp4" and blobs.size(conn, mp4_blob(video_id)) is None)
    ]
    if not wanted or (id(world.store), video_id, plan["started_at"]) in _queued:
        return
    source = blobs.get(conn, f"apivideo/{video_id}/source")
    # A video with no bytes of its own (a recording) is made from the sample.
    submit(world, video_id, plan["started_at"], source.data if source else sample.source(), wanted)


def submit(
    world: World, video_id: str, started_at: int, source: bytes, wanted: list[tuple[str, str]]
) -> None:
    """Queue the job making `wanted` ([("hls"|"mp4", quality)], in order) of `source` for the
    plan of `video_id` started at `started_at` (Unix ms); dropped when `MAX_QUEUED` wait."""
    global _executor
    key = (id(world.store), video_id, started_at)
    with _lock:
        if key in _queued or sum(not f.done() for f in _queued.values()) >= MAX_QUEUED:
            return
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vidmock-encoder")
        direct = not isinstance(world.store.engine.pool, StaticPool)
        _queued[key] = _executor.submit(_job, key, world, direct, source, wanted)


def _job(key, world: World, direct: bool, source: bytes, wanted) -> None:
    _, video_id, started_at = key
    try:
        for kind, quality in wanted:
            made = Made(world.store, video_id, started_at)
            try:
                made.files = _make(video_id, source, kind, quality)
            except renditions.Undecodable as exc:
                made.failed = str(exc)
            _hand_over(world if direct else None, made)
            if made.failed:
                break
    except Exception:  # a bug must not kill the worker; the plan stays `encoding`
        _log.exception("encoding %s failed", video_id)
    finally:
        with _lock:
            _queued.pop(key, None)


def _make(video_id: str, source: bytes, kind: str, quality: str) -> list[tuple[str, bytes, str]]:
    if kind == "mp4":
        return [(mp4_blob(video_id), renditions.mp4(source, quality), "video/mp4")]
    made = renditions.hls(source, quality)
    files = [
        (hls_blob(video_id, quality, f"{n}.ts"), data, renditions.MP2T) for n, data in made.segments.items()
    ]
    files.append((hls_blob(video_id, quality, "manifest.m3u8"), made.playlist, renditions.MPEGURL))
    files.append(
        (hls_blob(video_id, quality, "about"), json.dumps(made.about()).encode(), "application/json")
    )
    return files


def _hand_over(world: World | None, made: Made) -> None:
    if world is None:
        with _lock:
            _made.append(made)
        return
    with world.store.begin() as conn:
        _write(conn, made, world.clock.millis())


def flush(conn: Connection, store: Store, now_ms: int) -> None:
    """Write into `store` (through `conn`) what the worker made for it (and the failures it met)
    for plans that still exist; a failure withdraws the plan's events not yet due."""
    with _lock:
        done = [made for made in _made if made.store is store]
        _made[:] = [made for made in _made if made.store is not store]
    for made in done:
        _write(conn, made, now_ms)


def _write(conn: Connection, made: Made, now_ms: int) -> None:
    plan = conn.execute(select(encodings).where(encodings.c.video_id == made.video_id)).mappings().first()
    if plan is None or plan["started_at"] != made.started_at:
        return  # the video was deleted, or its plan replaced, meanwhile
    if made.failed is not None:
        media = {**plan["media"], "failed": made.failed}
        conn.execute(encodings.update().where(encodings.c.video_id == made.video_id).values(media=media))
        table = outbox.outbox
        conn.execute(delete(table).where(table.c.subject_id == made.video_id, table.c.due_at > now_ms))
        return
    # Stamped with the upload's time, not the moment a request happened to flush them: the
    # same world gives the same Last-Modified however it is read.
    for blob_id, data, media_type in made.files:
        blobs.put(conn, blob_id, data, media_type, made.started_at)


def wait_idle(timeout_s: float = 60.0) -> None:
    """Wait until every queued job is done (tests; `vidmock` never waits for the encoder)."""
    with _lock:
        pending = list(_queued.values())
    for job in pending:
        job.result(timeout=timeout_s)
