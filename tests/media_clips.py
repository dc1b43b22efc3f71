"""Small media files made with PyAV for the tests: a moving bar over a grey field (each frame
tells its time by the bar's place) and a 440 Hz tone, in any container and size."""

from __future__ import annotations

import io
from functools import cache

import av
import numpy as np

AUDIO_RATE = 48_000


@cache
def clip(
    seconds: float = 2,
    width: int = 320,
    height: int = 240,
    fps: int = 24,
    audio: bool = True,
    container: str = "mp4",
    codec: str = "libx264",
) -> bytes:
    """A `seconds` long clip `width`x`height` at `fps`, H.264 (or `codec`) with AAC (Opus in
    WebM) stereo 48 kHz unless `audio` is false, in `container` (an FFmpeg muxer name)."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=container) as out:
        video = out.add_stream(codec, rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        if codec == "libx264":
            video.options = {"preset": "ultrafast"}
        sound = None
        if audio:
            sound = out.add_stream("libopus" if container == "webm" else "aac", rate=AUDIO_RATE)
            sound.layout = "stereo"
            sound.bit_rate = 64_000
        frames = round(seconds * fps)
        for n in range(frames):
            picture = np.full((height, width, 3), 90, dtype=np.uint8)
            left = n * (width - width // 8) // max(frames - 1, 1)
            picture[:, left : left + width // 8] = (250, 200, 20)
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
            frame.pts = n
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
        if sound is not None:
            size = sound.codec_context.frame_size or 960
            total = round(seconds * AUDIO_RATE)
            for start in range(0, total, size):
                t = np.arange(start, start + size) / AUDIO_RATE
                wave = (0.2 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
                frame = av.AudioFrame.from_ndarray(np.stack([wave, wave]), format="fltp", layout="stereo")
                frame.sample_rate, frame.pts = AUDIO_RATE, start
                out.mux(sound.encode(frame))
            out.mux(sound.encode(None))
    return buffer.getvalue()
