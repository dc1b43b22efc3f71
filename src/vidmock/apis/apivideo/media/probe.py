"""What an uploaded file says of itself: picture size, length, frame and sample rates, codecs.

An MP4 (ISO/IEC 14496-12) is read with hachoir (pure Python): the movie header's length, each
track's handler (`vide`/`soun`), media header (time scale, length), sample description (the
codec's four-character code, the picture size) and time-to-sample table (frames). A file that
is no MP4, or one hachoir cannot read, gets the documented defaults (`DEFAULTS`), so any bytes
can stand in for a video in tests.
"""

from __future__ import annotations

import io
from typing import Any

from hachoir.core import config as hachoir_config
from hachoir.parser import guessParser
from hachoir.stream import InputIOStream

# hachoir prints its parse warnings on stdout unless told not to.
hachoir_config.quiet = True

# A 60 s 1280x720 H.264/AAC file at 30 frames per second: what a file that is no MP4 is taken for.
DEFAULTS: dict[str, Any] = {
    "width": 1280,
    "height": 720,
    "durationMs": 60_000,
    "framerate": 30,
    "samplerate": 48000,
    "videoCodec": "h264",
    "audioCodec": "aac",
}
# Sample entry four-character code -> the codec name api.video reports (libavcodec's).
CODECS = {
    "avc1": "h264",
    "avc3": "h264",
    "hvc1": "hevc",
    "hev1": "hevc",
    "vp09": "vp9",
    "av01": "av1",
    "mp4v": "mpeg4",
    "mp4a": "aac",
    "Opus": "opus",
    "ac-3": "ac3",
    "ec-3": "eac3",
    "fLaC": "flac",
}


def probe(data: bytes) -> dict[str, Any]:
    """`{width, height, durationMs, framerate, samplerate, videoCodec, audioCodec}` of an MP4
    (pixels, milliseconds, frames and samples per second); `DEFAULTS` for anything else. A
    value the file lacks (no audio track: samplerate and audioCodec) is None."""
    try:
        found = _read_mp4(data)
    except Exception:  # hachoir raises many kinds on broken input; all mean "not an MP4 we read"
        found = None
    return dict(DEFAULTS) if found is None else found


def _read_mp4(data: bytes) -> dict[str, Any] | None:
    parser = guessParser(InputIOStream(io.BytesIO(data), filename="upload"))
    if parser is None or type(parser).__name__ != "MP4File":
        return None
    tracks = list(_tracks(parser))
    video = next((t for t in tracks if t["handler"] == "vide"), None)
    if video is None or not video.get("width"):
        return None
    audio = next((t for t in tracks if t["handler"] == "soun"), None)
    seconds = video["duration"] / video["time_scale"] if video["time_scale"] else 0
    return {
        "width": video["width"],
        "height": video["height"],
        "durationMs": round(seconds * 1000),
        "framerate": round(video["frames"] / seconds) if seconds else None,
        "samplerate": audio["time_scale"] if audio else None,
        "videoCodec": CODECS.get(video["format"], video["format"]),
        "audioCodec": CODECS.get(audio["format"], audio["format"]) if audio else None,
    }


def _atoms(field: Any):
    """The boxes directly inside `field`, as (type, content field)."""
    for child in field:
        if child.name.startswith("atom[") and child.is_field_set:
            tag = child["tag"].value
            content = next((c for c in child if c.is_field_set), None)
            yield tag, content


def _tracks(parser: Any):
    for tag, movie in _atoms(parser):
        if tag != "moov" or movie is None:
            continue
        for kind, track in _atoms(movie):
            if kind == "trak" and track is not None:
                yield _track(track)


def _track(track: Any) -> dict[str, Any]:
    about: dict[str, Any] = {"handler": None, "format": None, "time_scale": 0, "duration": 0, "frames": 0}
    for tag, media in _atoms(track):
        if tag != "mdia" or media is None:
            continue
        for kind, box in _atoms(media):
            if kind == "mdhd":
                about["time_scale"] = box["time_scale"].value
                about["duration"] = box["duration"].value
            elif kind == "hdlr":
                about["handler"] = box["subtype"].value
            elif kind == "minf":
                _sample_table(box, about)
    return about


def _sample_table(minf: Any, about: dict[str, Any]) -> None:
    for kind, stbl in _atoms(minf):
        if kind != "stbl":
            continue
        for box_type, box in _atoms(stbl):
            if box_type == "stsd":
                entry = box["sample_entry[0]"]
                fourcc = entry["format"].value
                about["format"] = fourcc.decode("latin-1") if isinstance(fourcc, bytes) else str(fourcc)
                if "width" in entry:
                    about["width"], about["height"] = entry["width"].value, entry["height"].value
            elif box_type == "stts":
                about["frames"] = sum(field.value for field in box if field.name.startswith("sample_count["))
