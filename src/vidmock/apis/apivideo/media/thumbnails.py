"""A video's thumbnail: an uploaded image (JPEG or PNG, told by content) or the frame at a
timecode, decoded from the source (the sample for a video without bytes of its own), kept as
the blob `apivideo/<videoId>/thumbnail`."""

from __future__ import annotations

import re

from sqlalchemy import Connection

from vidmock.apis.apivideo import images
from vidmock.apis.apivideo.media import encoding, renditions, sample
from vidmock.apis.apivideo.uploads import sources
from vidmock.apis.apivideo.videos.domain import find_video
from vidmock.http.errors import ApiError
from vidmock.storage import blobs

_CLOCK = re.compile(r"([0-9]+):([0-9]+):([0-9]+)(?:\.([0-9]{1,3})|:([0-9]+))?")


def no_source_yet(video_id: str) -> ApiError:
    """The 409 of a frame picked before the video's source is in, naming `timecode`."""
    return ApiError(409, f"The video {video_id} has no source yet: no frame to pick", pointer="/timecode")


def blob_id(video_id: str) -> str:
    return f"apivideo/{video_id}/thumbnail"


def upload(conn: Connection, video_id: str, data: bytes, now_ms: int) -> None:
    """Errors: 404 naming `videoId`; 400 naming `file` unless the bytes are a JPEG or PNG."""
    find_video(conn, video_id)
    info = images.sniff(data)
    if info is None:
        raise ApiError(400, "The file is not a JPEG or PNG image", parameter="file", location="form")
    blobs.put(conn, blob_id(video_id), data, info.media_type, now_ms)


def timecode_ms(timecode: str, framerate: int) -> int:
    """`hh:mm:ss.ms`, `hh:mm:ss:frame` or whole seconds, in milliseconds from the start."""
    if timecode.isdigit():
        return int(timecode) * 1000
    match = _CLOCK.fullmatch(timecode)
    if match is None:  # the spec's pattern lets nothing else through
        raise ApiError(400, f"'{timecode}' is not a timecode", pointer="/timecode")
    hours, minutes, seconds, millis, frame = match.groups()
    at = ((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 1000
    if millis is not None:
        at += int(millis.ljust(3, "0"))
    elif frame is not None:
        at += int(frame) * 1000 // max(framerate, 1)
    return at


def pick(conn: Connection, video_id: str, timecode: str, now_ms: int) -> int:
    """Make the frame at `timecode` (decoded, at the source's size) the thumbnail; returns the
    instant used (ms), 0 when the timecode lies past the end (api.video: "If selection is out of
    range, 00:00:00.00 will be chosen"). Errors: 404 naming `videoId`; 409 naming `timecode`
    before the source is uploaded, or when it is not media (the request is sound, the video has
    no frame to give)."""
    video = find_video(conn, video_id)
    if video["ingest_status"] != "uploaded":
        raise no_source_yet(video_id)
    plan = encoding.find(conn, video_id)
    media = plan["media"] if plan else {}
    if media.get("failed"):
        raise ApiError(409, f"The source of {video_id} is not media: no frame to pick", pointer="/timecode")
    source = blobs.get(conn, sources.source_blob(video_id))
    data = source.data if source is not None else sample.source()
    framerate = media.get("framerate") or (sample.FPS if source is None else 30)
    at = timecode_ms(timecode, framerate)
    length_ms = media.get("durationMs") if source is not None else sample.SECONDS * 1000
    if at > (length_ms or 0):
        at = 0
    try:
        picture = renditions.frame_jpeg(data, at)
    except renditions.Undecodable as exc:
        raise ApiError(409, f"No frame of {video_id} could be decoded: {exc}", pointer="/timecode") from exc
    blobs.put(conn, blob_id(video_id), picture, "image/jpeg", now_ms)
    return at
