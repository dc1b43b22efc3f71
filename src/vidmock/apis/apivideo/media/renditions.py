"""Real renditions of a source, made with PyAV (FFmpeg's libraries, bundled in its wheels): each
HLS quality as H.264/AAC in MPEG-TS segments with its media playlist (RFC 8216), the MP4, and
a frame decoded at an instant.

Everything here is pure: bytes in, bytes out, nothing stored, so it runs in any thread
(`media.encoder` runs it off the request path). x264 runs with its `ultrafast` preset, one
thread, and a keyframe every `SEGMENT_S` seconds (no scene cuts), so every segment starts with
one and lasts `SEGMENT_S` (the last one less).
"""

from __future__ import annotations

import io
import math
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

# PyAV (FFmpeg's libraries) is imported where used, not at start-up: importing it takes
# 0.4 s or more and 25 MiB, which a mock that never encodes should not pay.
SEGMENT_S = 2  # seconds of each HLS segment (api.video's are a few seconds too)
AUDIO_RATE = 48_000  # Hz, stereo AAC-LC
MAX_FPS = 30  # frames per second of a rendition at most
# quality -> (lines, video kbit/s, audio kbit/s): api.video's ladder at small bitrates.
LADDER: dict[str, tuple[int, int, int]] = {
    "240p": (240, 300, 64),
    "360p": (360, 500, 64),
    "480p": (480, 800, 96),
    "720p": (720, 1500, 128),
    "1080p": (1080, 3000, 128),
    "1440p": (1440, 5000, 128),
    "2160p": (2160, 8000, 128),
}
MP2T = "video/mp2t"
MPEGURL = "application/vnd.apple.mpegurl"
_SEGMENT = re.compile(r"^([0-9]+)\.ts$", re.MULTILINE)


class Undecodable(ValueError):
    """The bytes are no media FFmpeg can decode a picture from."""


@dataclass
class HlsRendition:
    """One HLS quality: `playlist` (the media playlist, segment URIs `0.ts`, `1.ts`, ...),
    `segments` (number -> MPEG-TS bytes) and what a master playlist says of it."""

    quality: str
    width: int  # pixels
    height: int  # pixels
    frame_rate: float  # frames per second
    codecs: str  # RFC 6381, e.g. 'avc1.42c01e,mp4a.40.2'
    bandwidth: int  # bit/s: the peak segment bit rate (RFC 8216 §4.3.4.2)
    average_bandwidth: int  # bit/s over the whole rendition
    playlist: bytes = b""
    segments: dict[int, bytes] = field(default_factory=dict)

    def about(self) -> dict[str, Any]:
        return {
            "width": self.width,
            "height": self.height,
            "frameRate": self.frame_rate,
            "codecs": self.codecs,
            "bandwidth": self.bandwidth,
            "averageBandwidth": self.average_bandwidth,
        }


def size_for(source_width: int, source_height: int, lines: int) -> tuple[int, int]:
    """The picture size of a quality `lines` high keeping the source's aspect ratio (even
    numbers, as 4:2:0 chroma needs)."""
    width = round(source_width * lines / source_height / 2) * 2 if source_height else lines * 16 // 9
    return max(2, width), lines


def hls(source: bytes, quality: str) -> HlsRendition:
    """The HLS rendition `quality` (a key of `LADDER`) of `source`. Raises `Undecodable`."""
    import av

    lines, video_kbps, audio_kbps = LADDER[quality]
    with tempfile.TemporaryDirectory(prefix="vidmock-hls-") as folder:
        playlist_path = Path(folder) / "index.m3u8"
        options = {
            "hls_time": str(SEGMENT_S),
            "hls_playlist_type": "vod",
            "hls_segment_filename": str(Path(folder) / "%d.ts"),
            "hls_flags": "independent_segments",
        }
        with av.open(str(playlist_path), "w", format="hls", options=options) as out:
            made = _transcode(source, out, lines, video_kbps, audio_kbps)
        playlist = playlist_path.read_bytes()
        numbers = [int(n) for n in _SEGMENT.findall(playlist.decode())]
        segments = {n: (Path(folder) / f"{n}.ts").read_bytes() for n in numbers}
    durations = [float(d) for d in re.findall(r"#EXTINF:([0-9.]+),", playlist.decode())]
    rates = [len(segments[n]) * 8 / max(d, 0.001) for n, d in zip(numbers, durations, strict=True)]
    total_s = sum(durations)
    return HlsRendition(
        quality=quality,
        width=made["width"],
        height=made["height"],
        frame_rate=made["fps"],
        codecs=avc1(b"".join(segments.values())) + (",mp4a.40.2" if made["audio"] else ""),
        bandwidth=math.ceil(max(rates, default=0)),
        average_bandwidth=math.ceil(sum(len(s) for s in segments.values()) * 8 / max(total_s, 0.001)),
        playlist=playlist,
        segments=segments,
    )


def mp4(source: bytes, quality: str) -> bytes:
    """`source` as an MP4 (H.264/AAC, its index at the front for progressive playback) at the
    size of `quality`. Raises `Undecodable`."""
    import av

    lines, video_kbps, audio_kbps = LADDER[quality]
    # faststart moves the index in a second pass over the file: a real file, not a buffer.
    with tempfile.TemporaryDirectory(prefix="vidmock-mp4-") as folder:
        path = Path(folder) / "rendition.mp4"
        with av.open(str(path), "w", format="mp4", options={"movflags": "+faststart"}) as out:
            _transcode(source, out, lines, video_kbps, audio_kbps)
        return path.read_bytes()


def frame_jpeg(source: bytes, at_ms: int) -> bytes:
    """The picture shown at `at_ms` (ms from the start) as a JPEG at the source's size: the last
    frame starting at or before it. Raises `Undecodable`."""
    with _opened(source) as container:
        stream = container.streams.video[0]
        chosen = None
        target = at_ms / 1000
        if at_ms > 0 and stream.time_base:
            container.seek(int(target / stream.time_base), stream=stream, backward=True)
        for frame in container.decode(stream):
            if chosen is not None and frame.time is not None and frame.time > target + 1e-6:
                break
            chosen = frame
        if chosen is None:
            raise Undecodable("no picture could be decoded")
        out = io.BytesIO()
        chosen.to_image().save(out, format="JPEG", quality=85)
        return out.getvalue()


class _opened:
    """An input container over `source` whose opening and decoding errors are `Undecodable`."""

    def __init__(self, source: bytes) -> None:
        import av

        try:
            self.container = av.open(io.BytesIO(source), "r")
        except (av.FFmpegError, ValueError, OSError) as exc:
            raise Undecodable(str(exc)) from exc
        if not self.container.streams.video:
            self.container.close()
            raise Undecodable("no video stream")

    def __enter__(self) -> Any:
        return self.container

    def __exit__(self, kind, value, traceback) -> None:
        import av

        self.container.close()
        if isinstance(value, av.FFmpegError):
            raise Undecodable(str(value)) from value


def _transcode(source: bytes, out: Any, lines: int, video_kbps: int, audio_kbps: int) -> dict[str, Any]:
    """Decode `source` and encode it into `out` (an open output container)."""
    from av.audio.fifo import AudioFifo
    from av.audio.resampler import AudioResampler

    with _opened(source) as container:
        video_in = container.streams.video[0]
        audio_in = container.streams.audio[0] if container.streams.audio else None
        width, height = size_for(video_in.codec_context.width, video_in.codec_context.height, lines)
        rate = video_in.average_rate or video_in.guessed_rate or Fraction(25)
        fps = Fraction(min(Fraction(rate), MAX_FPS)).limit_denominator(1001)
        video = out.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.bit_rate = video_kbps * 1000
        keyint = max(1, round(fps * SEGMENT_S))
        video.codec_context.thread_count = 1
        video.options = {
            "preset": "ultrafast",
            "maxrate": f"{video_kbps}k",
            "bufsize": f"{video_kbps * 2}k",
            "x264-params": f"keyint={keyint}:min-keyint={keyint}:scenecut=0",
        }
        audio = None
        if audio_in is not None:
            audio = out.add_stream("aac", rate=AUDIO_RATE)
            audio.bit_rate = audio_kbps * 1000
            audio.layout = "stereo"
        resampler = AudioResampler(format="fltp", layout="stereo", rate=AUDIO_RATE)
        fifo = AudioFifo()
        written = {"frames": 0, "samples": 0, "last_pts": -1}
        streams = [video_in] + ([audio_in] if audio_in is not None else [])
        for packet in container.demux(streams):
            for frame in packet.decode():
                if packet.stream is video_in:
                    _encode_picture(out, video, frame, fps, width, height, written)
                elif audio is not None:
                    for piece in resampler.resample(frame):
                        fifo.write(piece)
                    _drain_audio(out, audio, fifo, written, final=False)
        if written["frames"] == 0:
            raise Undecodable("no picture could be decoded")
        if audio is not None:
            for piece in resampler.resample(None):
                fifo.write(piece)
            _drain_audio(out, audio, fifo, written, final=True)
            out.mux(audio.encode(None))
        out.mux(video.encode(None))
        return {"width": width, "height": height, "fps": round(float(fps), 3), "audio": audio is not None}


def _encode_picture(out, video, frame, fps, width, height, written) -> None:
    # A constant frame rate: each picture takes the slot of its time, a late one is dropped.
    at = frame.time if frame.time is not None else written["frames"] / fps
    pts = round(at * fps)
    if pts <= written["last_pts"]:
        return
    picture = frame.reformat(width=width, height=height, format="yuv420p")
    picture.pts, picture.time_base = pts, 1 / fps
    written["last_pts"] = pts
    written["frames"] += 1
    out.mux(video.encode(picture))


def _drain_audio(out, audio, fifo, written, final: bool) -> None:
    size = audio.codec_context.frame_size or 1024
    while fifo.samples >= size or (final and fifo.samples):
        chunk = fifo.read(size) if fifo.samples >= size else fifo.read()
        chunk.pts, chunk.time_base = written["samples"], Fraction(1, AUDIO_RATE)
        written["samples"] += chunk.samples
        out.mux(audio.encode(chunk))


def avc1(annex_b: bytes) -> str:
    """RFC 6381 `avc1.PPCCLL` of the first sequence parameter set in an H.264 Annex B stream
    (ISO/IEC 14496-10 §7.3.2.1: profile_idc, constraint flags, level_idc follow the NAL header)."""
    for match in re.finditer(rb"\x00\x00\x01", annex_b):
        at = match.end()
        # MPEG-TS packets interleave 4-byte headers; x264's first SPS sits whole in one packet.
        if at + 4 <= len(annex_b) and annex_b[at] & 0x1F == 7:
            return "avc1." + annex_b[at + 1 : at + 4].hex()
    raise ValueError("no H.264 sequence parameter set in the stream")


def segment_numbers(playlist: bytes) -> Iterator[int]:
    """The segment numbers a media playlist made by `hls` lists, in order."""
    return (int(n) for n in _SEGMENT.findall(playlist.decode()))
