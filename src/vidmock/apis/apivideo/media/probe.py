"""What an uploaded file says of itself: picture size, length, frame and sample rates, codecs.

Read with PyAV (FFmpeg's demuxers and decoders), so any container api.video takes (MP4, MOV,
Matroska/WebM, AVI, MPEG-TS, ...) is read: the first video stream's size and average frame
rate, the first audio stream's sample rate, each one's codec under libavcodec's name (what
api.video reports: `h264`, `hevc`, `vp9`, `aac`, `opus`), the container's length. A file is
media only when a picture of its video stream decodes; anything else is not (`probe` answers
None), and its encoding fails.
"""

from __future__ import annotations

import io
from typing import Any

# PyAV (FFmpeg's libraries) is imported where used, not at start-up: importing it takes
# 0.4 s or more and 25 MiB, which a mock that never encodes should not pay.
# What status reports when a decodable file leaves a value out (no frame rate in its header).
DEFAULTS: dict[str, Any] = {
    "width": None,
    "height": None,
    "durationMs": None,
    "framerate": None,
    "samplerate": None,
    "videoCodec": None,
    "audioCodec": None,
}


def probe(data: bytes) -> dict[str, Any] | None:
    """`{width, height, durationMs, framerate, samplerate, videoCodec, audioCodec}` (pixels,
    milliseconds, frames and samples per second, libavcodec codec names) of a media file;
    None when the bytes are not media with a picture that decodes. A value the file lacks (no
    audio stream: samplerate and audioCodec) is None."""
    import av

    try:
        with av.open(io.BytesIO(data), "r") as container:
            return _read(container)
    except (av.FFmpegError, ValueError, OSError, StopIteration):
        return None


def _read(container: Any) -> dict[str, Any] | None:
    if not container.streams.video:
        return None
    video = container.streams.video[0]
    audio = container.streams.audio[0] if container.streams.audio else None
    first = next(container.decode(video))  # StopIteration: no picture at all
    duration_s = _duration_s(container, video)
    rate = video.average_rate or video.guessed_rate
    return {
        "width": video.codec_context.width or first.width,
        "height": video.codec_context.height or first.height,
        "durationMs": round(duration_s * 1000),
        "framerate": round(rate) if rate else None,
        "samplerate": audio.codec_context.sample_rate if audio is not None else None,
        "videoCodec": video.codec_context.name,
        "audioCodec": audio.codec_context.name if audio is not None else None,
    }


def _duration_s(container: Any, video: Any) -> float:
    if container.duration:
        return container.duration / 1_000_000  # AV_TIME_BASE: microseconds
    if video.duration and video.time_base:
        return float(video.duration * video.time_base)
    return 0.0
