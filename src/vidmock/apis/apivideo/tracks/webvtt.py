"""WebVTT files (captions and chapters) checked by `webvtt-py` before they are stored.

A file is refused (400 naming `file`) when it is not UTF-8 text, has no `WEBVTT` signature
line, or has a cue whose timing line cannot be read or ends before it starts: webvtt-py skips
a block it cannot read, so the cues it found are counted against the timing lines."""

from __future__ import annotations

import io

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from vidmock.http.errors import ApiError

TIMING_ARROW = "-->"


def checked_vtt(data: bytes) -> bytes:
    """`data` itself when it is a WebVTT file; else an ApiError 400 naming `file`."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refused("the file is not UTF-8 text, so not a WebVTT file") from None
    try:
        cues = webvtt.from_buffer(io.StringIO(text)).captions
    except (MalformedFileError, MalformedCaptionError) as exc:
        raise _refused(f"the file is not a WebVTT file ({exc})") from None
    timings = sum(TIMING_ARROW in line for line in text.splitlines())
    if timings != len(cues):
        raise _refused(f"{timings - len(cues)} cue timing line(s) cannot be read")
    for cue in cues:
        if cue.end_in_seconds < cue.start_in_seconds:
            raise _refused(f"the cue at {cue.start} ends before it starts ({cue.end})")
    return data


def _refused(why: str) -> ApiError:
    return ApiError(400, f"The file must be a WebVTT file: {why}", parameter="file")
