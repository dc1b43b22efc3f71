"""`GET /videos/{videoId}/status`: the ingest from the upload's chunks, the encoding derived from
the clock and the renditions made (see `media.encoding`, `media.encoder`), the metadata read
from the source (see `media.probe`).

A video uploaded with its source but never encoded here (the seeded ones, those a scenario
writes) is reported encoded in every quality up to its height (it plays the sample,
`media.sample`), with the sample's rates and codecs for what its row does not hold (25 frames
per second, 48 kHz, H.264 and AAC)."""

from __future__ import annotations

from math import gcd
from typing import Any

from sqlalchemy import Connection

from vidmock.apis.apivideo.media import encoder, encoding
from vidmock.apis.apivideo.media.probe import DEFAULTS
from vidmock.apis.apivideo.uploads.sources import find_upload
from vidmock.world import current

# What a video without a source of its own plays (`media.sample`): its rates and codecs.
SAMPLE_MEDIA = {"framerate": 25, "samplerate": 48000, "videoCodec": "h264", "audioCodec": "aac"}


def video_status(conn: Connection, row: dict[str, Any], now_ms: int) -> dict[str, Any]:
    """api.video's VideoStatus `{ingest, encoding}` of the video `row` at `now_ms` (Unix ms)."""
    upload = find_upload(conn, row["video_id"])
    uploaded = row["ingest_status"] == "uploaded"
    size = row["filesize"]
    if upload is not None:
        received = [dict(r) for r in upload["ranges"]]
    else:
        received = [{"from": 0, "to": size - 1, "total": size}] if uploaded and size else []
    encoder.ensure(conn, current(), row["video_id"], now_ms)
    plan = encoding.find(conn, row["video_id"])
    if plan is not None:
        steps = encoding.renditions(plan["started_at"], plan["step_ms"], plan["source_height"], False)
        made = encoder.made_qualities(conn, row["video_id"])
        failed = bool(plan["media"].get("failed"))
        qualities = [
            {"quality": r.quality, "status": r.status(now_ms, r.quality in made, failed)} for r in steps
        ]
        media = None if failed else {**DEFAULTS, **SAMPLE_MEDIA, **plan["media"]}
    elif uploaded and row["height"]:
        qualities = [{"quality": q, "status": "encoded"} for q in encoding.qualities_for(row["height"])]
        media = {**DEFAULTS, **SAMPLE_MEDIA}
    else:
        qualities, media = [], None
    return {
        "ingest": {"status": row["ingest_status"], "filesize": size, "receivedBytes": received},
        "encoding": {
            "playable": bool(qualities) and qualities[0]["status"] == "encoded",
            "qualities": qualities,
            "metadata": _metadata(row, media),
        },
    }


def _metadata(row: dict[str, Any], media: dict[str, Any] | None) -> dict[str, Any]:
    if media is None:
        names = ("width", "height", "bitrate", "duration", "framerate", "samplerate")
        return dict.fromkeys((*names, "videoCodec", "audioCodec", "aspectRatio"))
    width, height, duration = row["width"], row["height"], row["duration"]
    return {
        "width": width,
        "height": height,
        # kilobits per second over the whole file, as api.video's example (411.218)
        "bitrate": round(row["filesize"] * 8 / 1000 / duration, 3) if duration and row["filesize"] else None,
        "duration": duration,
        "framerate": media["framerate"],
        "samplerate": media["samplerate"],
        "videoCodec": media["videoCodec"],
        "audioCodec": media["audioCodec"],
        "aspectRatio": _aspect(width, height),
    }


def _aspect(width: int | None, height: int | None) -> str | None:
    if not width or not height:
        return None
    divisor = gcd(width, height)
    return f"{width // divisor}/{height // divisor}"
