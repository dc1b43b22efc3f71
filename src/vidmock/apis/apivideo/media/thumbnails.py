"""A video's thumbnail: an uploaded image (JPEG or PNG, told by content) or a frame picked by
timecode (drawn by the mock), kept as the blob `apivideo/<videoId>/thumbnail`."""

from __future__ import annotations

import re

from sqlalchemy import Connection

from vidmock.apis.apivideo import images
from vidmock.apis.apivideo.media import encoding
from vidmock.apis.apivideo.media.probe import DEFAULTS
from vidmock.apis.apivideo.videos.domain import find_video
from vidmock.http.errors import ApiError
from vidmock.storage import blobs

_CLOCK = re.compile(r"([0-9]+):([0-9]+):([0-9]+)(?:\.([0-9]{1,3})|:([0-9]+))?")
WIDTH = 320  # of a picked frame, in pixels; the height follows the video's aspect ratio


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
    """Draw the frame at `timecode` as the thumbnail; returns the instant used (ms), 0 when the
    timecode lies past the end (api.video: "If selection is out of range, 00:00:00.00 will be
    chosen"). Errors: 404 naming `videoId`; 409 naming `timecode` before the source is uploaded
    (the request is sound, the video is not ready for it)."""
    video = find_video(conn, video_id)
    if video["ingest_status"] != "uploaded":
        raise no_source_yet(video_id)
    plan = encoding.find(conn, video_id)
    media = {**DEFAULTS, **(plan["media"] if plan else {})}
    at = timecode_ms(timecode, media["framerate"] or DEFAULTS["framerate"])
    length_ms = (
        media["durationMs"] if plan and "durationMs" in plan["media"] else (video["duration"] or 0) * 1000
    )
    if at > length_ms:
        at = 0
    width, height = video["width"] or 16, video["height"] or 9
    picture = images.placeholder_jpeg(WIDTH, max(1, round(WIDTH * height / width)), f"{video_id}@{at}")
    blobs.put(conn, blob_id(video_id), picture, "image/jpeg", now_ms)
    return at
