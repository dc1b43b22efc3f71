"""The sample a video without bytes of its own plays (seeded, written by a scenario, recorded
from a live stream): colour bars with a bar sweeping across and a 440 Hz tone, made with PyAV
the first time one is needed in a process and kept (never at start-up).

It goes through the same renditions as an upload (`media.renditions`); those are made one per
quality as players ask for them, never kept in the store (the seeded world stays what its seed
makes), but kept in the process and in the user's cache folder (`$VIDMOCK_CACHE_DIR`, else
platformdirs' `~/.cache/vidmock` on Linux), keyed by everything that shapes them: a tall quality
takes seconds to encode (2160p: 4 s or more), which a machine pays once, not every start."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tempfile
import threading
from functools import cache
from pathlib import Path

from vidmock.apis.apivideo.media import renditions
from vidmock.storage.cache import cache_root, write_at_once

# PyAV (FFmpeg's libraries) and numpy are imported where used, not at start-up: importing them
# takes half a second or more and 25 MiB, which a mock that never encodes should not pay.
WIDTH, HEIGHT = 640, 360  # pixels
SECONDS = 4
FPS = 25
TONE_HZ = 440
# SMPTE-style bars: white, yellow, cyan, green, magenta, red, blue (RGB).
BARS = [
    [235, 235, 235],
    [235, 235, 16],
    [16, 235, 235],
    [16, 235, 16],
    [235, 16, 235],
    [235, 16, 16],
    [16, 16, 235],
]
_lock = threading.Lock()
_hls: dict[str, renditions.HlsRendition] = {}
_mp4: dict[str, bytes] = {}


@cache
def source() -> bytes:
    """The sample as an MP4 (640x360, 4 s, 25 fps, H.264/AAC 48 kHz stereo)."""
    import av
    import numpy as np

    out_buffer = io.BytesIO()
    with av.open(out_buffer, "w", format="mp4") as out:
        video = out.add_stream("libx264", rate=FPS)
        video.width, video.height, video.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        video.options = {"preset": "ultrafast"}
        video.codec_context.thread_count = 1
        audio = out.add_stream("aac", rate=renditions.AUDIO_RATE)
        audio.layout = "stereo"
        bars = np.repeat(np.array(BARS, dtype=np.uint8), WIDTH // len(BARS) + 1, axis=0)[:WIDTH]
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
    """The sample's HLS rendition `quality`, made on first use on this machine (seconds for the
    top qualities: call it off the event loop)."""
    with _lock:
        if quality not in _hls:
            _hls[quality] = _cached_hls(quality) or _keep_hls(renditions.hls(source(), quality))
        return _hls[quality]


def mp4(quality: str) -> bytes:
    """The sample's MP4 at `quality`, made on first use on this machine."""
    with _lock:
        if quality not in _mp4:
            path = cache_dir() / f"{quality}.mp4"
            if path.is_file():
                _mp4[quality] = path.read_bytes()
            else:
                _mp4[quality] = renditions.mp4(source(), quality)
                write_at_once(path, _mp4[quality])
        return _mp4[quality]


def cache_dir() -> Path:
    """Where this sample's renditions are kept: a folder named by a hash of what shapes them
    (the sample's form, the ladder, the segment length, PyAV's and so FFmpeg's version)."""
    import av

    shape = [WIDTH, HEIGHT, SECONDS, FPS, TONE_HZ, BARS, renditions.LADDER, renditions.SEGMENT_S]
    key = hashlib.sha256(json.dumps([shape, av.__version__]).encode()).hexdigest()[:16]
    return cache_root() / "sample" / key


def _cached_hls(quality: str) -> renditions.HlsRendition | None:
    folder = cache_dir() / quality
    try:
        about = json.loads((folder / "about.json").read_text())
        playlist = (folder / "manifest.m3u8").read_bytes()
        segments = {n: (folder / f"{n}.ts").read_bytes() for n in renditions.segment_numbers(playlist)}
    except (OSError, ValueError):  # not made on this machine yet, or left half-written
        return None
    return renditions.HlsRendition(quality, playlist=playlist, segments=segments, **about)


def _keep_hls(made: renditions.HlsRendition) -> renditions.HlsRendition:
    """`made`, written to the cache as one folder put in place at once (a reader in another
    process sees all of it or nothing)."""
    target = cache_dir() / made.quality
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{made.quality}-"))
    except OSError:
        return made
    try:
        about = {k: v for k, v in vars(made).items() if k not in ("quality", "playlist", "segments")}
        (staging / "about.json").write_text(json.dumps(about))
        (staging / "manifest.m3u8").write_bytes(made.playlist)
        for number, data in made.segments.items():
            (staging / f"{number}.ts").write_bytes(data)
        staging.rename(target)
    except OSError:  # a read-only cache, or another process put it there first
        shutil.rmtree(staging, ignore_errors=True)
    return made
