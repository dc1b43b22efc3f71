"""The encoding that follows a complete source, on the mock's clock.

From the instant `t0` the source is complete, the renditions are made one after the other, each
taking `step` (Config.encoding_step seconds): the HLS qualities from 240p up to the source's
height, lowest first, then the MP4 (when the video has `mp4Support`). Rendition `i` (from 0) is
`waiting` before t0 + i·step, `encoding` from then, and `encoded` once the clock has reached
t0 + (i+1)·step AND the encoder (`media.encoder`, off the request path) has put the rendition in
the store; the video is `playable` once its first HLS quality is encoded. The clock's part is
derived from `t0` and `step`, never stored, so `PUT /__admin/clock {"advance": ...}` shows it.
A source that is not decodable media fails: every rendition not made is `failed`.

The qualities are api.video's ladder (`240p`, `360p`, `480p`, `720p`, `1080p`, `1440p`,
`2160p`); a source between two of them gets the ones up to the lower, and a source under 240
lines still gets 240p. The MP4 is made at the highest HLS quality.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, select

from vidmock.apis.apivideo.uploads.tables import encodings
from vidmock.apis.apivideo.videos.tables import videos
from vidmock.apis.apivideo.webhooks import outbox
from vidmock.world import current

LADDER = (
    (240, "240p"),
    (360, "360p"),
    (480, "480p"),
    (720, "720p"),
    (1080, "1080p"),
    (1440, "1440p"),
    (2160, "2160p"),
)
EVENT = "video.encoding.quality.completed"


@dataclass(frozen=True)
class Rendition:
    encoding: str  # "hls" or "mp4"
    quality: str  # "720p"
    starts_at: int  # Unix ms
    done_at: int  # Unix ms

    def status(self, now_ms: int, made: bool = True, failed: bool = False) -> str:
        """At `now_ms`, given whether the rendition is in the store (`made`) and whether the
        source failed to encode (`failed`)."""
        if made and now_ms >= self.done_at:
            return "encoded"
        if failed and not made:
            return "failed"
        return "encoding" if now_ms >= self.starts_at else "waiting"


def qualities_for(height: int) -> list[str]:
    """The HLS qualities a source `height` lines high is encoded in, lowest first."""
    return [name for lines, name in LADDER if lines <= height] or [LADDER[0][1]]


def renditions(started_at: int, step_ms: int, source_height: int, mp4: bool) -> list[Rendition]:
    """The HLS renditions in order, then the MP4 one when `mp4` is true."""
    names = qualities_for(source_height)
    plan = [("hls", name) for name in names] + ([("mp4", names[-1])] if mp4 else [])
    return [
        Rendition(kind, name, started_at + i * step_ms, started_at + (i + 1) * step_ms)
        for i, (kind, name) in enumerate(plan)
    ]


def start(
    conn: Connection,
    video_id: str,
    source_height: int,
    now_ms: int,
    *,
    media: dict[str, Any] | None = None,
    step_s: float | None = None,
) -> list[Rendition]:
    """Start encoding `video_id` at `now_ms` (Unix ms) from a source `source_height` lines high;
    `media` is what `media.probe.probe` read of the source (None: a recording, described by its
    height alone; `{"failed": reason}`: no media, nothing will be encoded); `step_s` the seconds
    per rendition (None: the serving mock's `Config.encoding_step`). Publishes one
    `video.encoding.quality.completed` per rendition to the outbox, due at the instant it is
    encoded, with api.video's payload `{type, emittedAt, videoId, encoding: "hls"|"mp4",
    quality}` (none for a failed source). Returns the renditions planned; `media.encoder` makes
    them."""
    step_ms = round((current().config.encoding_step if step_s is None else step_s) * 1000)
    mp4 = conn.execute(select(videos.c.mp4_support).where(videos.c.video_id == video_id)).scalar()
    conn.execute(delete(encodings).where(encodings.c.video_id == video_id))
    conn.execute(
        encodings.insert().values(
            video_id=video_id,
            started_at=now_ms,
            step_ms=step_ms,
            source_height=source_height,
            media=media or {"height": source_height},
        )
    )
    planned = renditions(now_ms, step_ms, source_height, bool(mp4))
    if media and media.get("failed"):
        return planned
    for rendition in planned:
        payload = {
            "type": EVENT,
            "emittedAt": outbox.emitted_at(rendition.done_at),
            "videoId": video_id,
            "encoding": rendition.encoding,
            "quality": rendition.quality,
        }
        outbox.publish(conn, EVENT, payload, rendition.done_at, video_id)
    return planned


def find(conn: Connection, video_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(encodings).where(encodings.c.video_id == video_id)).mappings().first()
    return None if row is None else dict(row)


def forget(conn: Connection, video_id: str, now_ms: int) -> None:
    """A deleted video's encoding goes, with its events not yet due."""
    conn.execute(delete(encodings).where(encodings.c.video_id == video_id))
    table = outbox.outbox
    conn.execute(delete(table).where(table.c.subject_id == video_id, table.c.due_at > now_ms))
