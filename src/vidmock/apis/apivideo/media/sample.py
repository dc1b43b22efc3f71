"""The sample a video without bytes of its own plays (seeded, written by a scenario, recorded
from a live stream): colour bars with a bar sweeping across and a 440 Hz tone, made with PyAV
the first time one is needed in a process and kept (never at start-up).

It goes through the same renditions as an upload (`media.renditions`); those are kept per
process too, one per quality as players ask for them, never in the store (the seeded world
stays what its seed makes)."""

from __future__ import annotations

import io
import threading
from functools import cache

import numpy as np

from vidmock.apis.apivideo.media import renditions

# PyAV (FFmpeg's libraries) is imported where used, not at start-up: importing it takes
# 0.4 s or more and 25 MiB, which a mock that never encodes should not pay.
WIDTH, HEIGHT = 640, 360  # pixels
SECONDS = 4
FPS = 25
TONE_HZ = 440
# SMPTE-style bars: white, yellow, cyan, green, magenta, red, blue (RGB).
BARS = np.array(
    [
        [235, 235, 235],
        [235, 235, 16],
        [16, 235, 235],
        [16, 235, 16],
        [235, 16, 235],
        [235, 16, 16],
        [16, 16, 235],
    ],
    dtype=np.uint8,
)
_lock = threading.Lock()
_hls: dict[str, renditions.HlsRendition] = {}
_mp4: dict[str, bytes] = {}


@cache
def source() -> bytes:
    """The sample as an MP4 (640x360, 4 s, 25 fps, H.264/AAC 48 kHz stereo)."""
    import av

    out_buffer = io.BytesIO()
    with av.open(out_buffer, "w", format="mp4") as out:
        video = out.add_stream("libx264", rate=FPS)
        video.width, video.height, video.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        video.options = {"preset": "ultrafast"}
        video.codec_context.thread_count = 1
        audio = out.add_stream("aac", rate=renditions.AUDIO_RATE)
        audio.layout = "stereo"
        bars = np.repeat(BARS, WIDTH // len(BARS) + 1, axis=0)[:WIDTH]
        base = np.broadcast_to(bars, (HEIGHT, WIDTH, 3)).copy()
        for n in range(SECONDS * FPS):
            picture = base.copy()
            left = n * WIDTH // (SECONDS * FPS)
            picture[HEIGHT * 2 // 3 :, :] = 16
            picture[HEIGHT * 2 // 3 :, left : left + WIDTH // 16] = 235
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
            frame.pts = n
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
        size = audio.codec_context.frame_size or 1024
        total = SECONDS * renditions.AUDIO_RATE
        for start in range(0, total, size):
            t = np.arange(start, min(start + size, total)) / renditions.AUDIO_RATE
            wave = (0.2 * np.sin(2 * np.pi * TONE_HZ * t)).astype(np.float32)
            frame = av.AudioFrame.from_ndarray(np.stack([wave, wave]), format="fltp", layout="stereo")
            frame.sample_rate, frame.pts = renditions.AUDIO_RATE, start
            out.mux(audio.encode(frame))
        out.mux(audio.encode(None))
    return out_buffer.getvalue()


def hls(quality: str) -> renditions.HlsRendition:
    """The sample's HLS rendition `quality`, made on first use (seconds for the top qualities:
    call it off the event loop)."""
    with _lock:
        if quality not in _hls:
            _hls[quality] = renditions.hls(source(), quality)
        return _hls[quality]


def mp4(quality: str) -> bytes:
    """The sample's MP4 at `quality`, made on first use."""
    with _lock:
        if quality not in _mp4:
            _mp4[quality] = renditions.mp4(source(), quality)
        return _mp4[quality]
