"""What a player is served of a video: the HLS qualities encoded so far (a rendition the clock
has reached and the encoder has made, `media.encoding`), the master playlist listing them
(RFC 8216 §4.3.4.2), each quality's media playlist and segments, and the MP4.

A video with a plan (an upload, a recording) is served from its renditions in the store; an
uploaded video without one (seeded, written by a scenario) from the sample's renditions
(`media.sample`), in every quality its status reports encoded. Functions marked "slow" may
encode the sample the first time: call them off the event loop. Files are answered with
`Cache-Control` as a CDN sends it: a segment never changes once made; a media playlist or the MP4
changes only when the video is deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from vidmock.apis.apivideo.media import encoder, encoding, sample
from vidmock.apis.apivideo.media.renditions import MP2T, MPEGURL
from vidmock.apis.apivideo.videos.domain import find_video
from vidmock.http.errors import ApiError
from vidmock.http.served_files import IMMUTABLE, SHORT, ServedFile
from vidmock.storage import blobs
from vidmock.world import World


@dataclass(frozen=True)
class Playable:
    """What the store says of a video's playback at one instant."""

    video_id: str
    qualities: list[str]  # HLS qualities encoded, lowest first
    complete: bool  # every quality planned is encoded (nothing more will come)
    from_sample: bool  # no plan: the sample's renditions stand in
    mp4_quality: str | None  # the quality of its MP4 when it is served, else None


def playable(conn: Connection, world: World, video_id: str, now_ms: int) -> Playable:
    """Errors: 404 naming `videoId` for an unknown video."""
    video = find_video(conn, video_id)
    encoder.ensure(conn, world, video_id, now_ms)
    plan = encoding.find(conn, video_id)
    if plan is None:
        names = encoding.qualities_for(video["height"]) if video["ingest_status"] == "uploaded" else []
        top = names[-1] if names and video["mp4_support"] else None
        return Playable(video_id, names, True, True, top)
    failed = bool(plan["media"].get("failed"))
    steps = encoding.renditions(plan["started_at"], plan["step_ms"], plan["source_height"], True)
    made = encoder.made_qualities(conn, video_id)
    encoded = [
        r for r in steps if r.encoding == "hls" and r.status(now_ms, r.quality in made, failed) == "encoded"
    ]
    mp4 = next((r for r in steps if r.encoding == "mp4"), None)
    mp4_made = mp4 is not None and blobs.size(conn, encoder.mp4_blob(video_id)) is not None
    mp4_served = mp4 is not None and video["mp4_support"] and mp4.status(now_ms, mp4_made) == "encoded"
    hls_planned = sum(r.encoding == "hls" for r in steps)
    return Playable(
        video_id,
        [r.quality for r in encoded],
        len(encoded) == hls_planned or failed,
        False,
        mp4.quality if mp4_served else None,
    )


def abouts(conn: Connection, seen: Playable) -> list[dict[str, Any]]:
    """What the master playlist says of each encoded quality (slow for a sample)."""
    if seen.from_sample:
        return [sample.hls(q).about() for q in seen.qualities]
    return [found for q in seen.qualities if (found := encoder.about(conn, seen.video_id, q)) is not None]


def master(entries: list[dict[str, Any]], qualities: list[str]) -> bytes:
    """The master playlist of `qualities` (URIs `<quality>/manifest.m3u8`, relative to it)."""
    lines = ["#EXTM3U", "#EXT-X-VERSION:6", "#EXT-X-INDEPENDENT-SEGMENTS"]
    for quality, about in zip(qualities, entries, strict=True):
        lines.append(
            f"#EXT-X-STREAM-INF:BANDWIDTH={about['bandwidth']},AVERAGE-BANDWIDTH={about['averageBandwidth']},"
            f"RESOLUTION={about['width']}x{about['height']},FRAME-RATE={about['frameRate']:.3f},"
            f'CODECS="{about["codecs"]}",NAME="{quality}"'
        )
        lines.append(f"{quality}/manifest.m3u8")
    return ("\n".join(lines) + "\n").encode()


def require_quality(seen: Playable, quality: str) -> None:
    """Errors: 404 naming `quality` when it is not encoded (yet, or ever)."""
    if quality not in seen.qualities:
        raise ApiError(
            404,
            f"The video {seen.video_id} has no {quality} rendition encoded (see its status)",
            parameter="quality",
        )


def media_playlist(conn: Connection, seen: Playable, quality: str) -> ServedFile:
    """The media playlist of an encoded `quality` (slow for a sample)."""
    require_quality(seen, quality)
    if seen.from_sample:
        return ServedFile(sample.hls(quality).playlist, MPEGURL, headers=SHORT)
    stored = blobs.get(conn, encoder.hls_blob(seen.video_id, quality, "manifest.m3u8"))
    return ServedFile.from_blob(stored, MPEGURL, headers=SHORT)


def segment(conn: Connection, seen: Playable, quality: str, number: int) -> ServedFile:
    """Segment `number` of an encoded `quality` (slow for a sample). Errors: 404 naming
    `segment` past the last one."""
    require_quality(seen, quality)
    if seen.from_sample:
        data = sample.hls(quality).segments.get(number)
        found = None if data is None else ServedFile(data, MP2T, headers=IMMUTABLE)
    else:
        blob = blobs.get(conn, encoder.hls_blob(seen.video_id, quality, f"{number}.ts"))
        found = None if blob is None else ServedFile.from_blob(blob, MP2T, headers=IMMUTABLE)
    if found is None:
        raise ApiError(404, f"The {quality} rendition has no segment {number}", parameter="segment")
    return found


def mp4(conn: Connection, seen: Playable) -> ServedFile:
    """The MP4 rendition (slow for a sample). Errors: 404 naming `videoId` before it is
    encoded, or without `mp4Support`."""
    if seen.mp4_quality is None:
        raise ApiError(
            404,
            f"The video {seen.video_id} has no MP4 (not encoded yet, or no mp4Support)",
            parameter="videoId",
        )
    if seen.from_sample:
        return ServedFile(sample.mp4(seen.mp4_quality), "video/mp4", headers=SHORT)
    return ServedFile.from_blob(blobs.get(conn, encoder.mp4_blob(seen.video_id)), "video/mp4", headers=SHORT)
