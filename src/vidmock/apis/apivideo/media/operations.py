"""The files behind a video's `assets`, on the mock's own host, served as a CDN serves them
(`vidmock.http.served_files`: media types, validators, conditional requests, byte ranges,
`Cache-Control`): the HLS master playlist, each quality's media playlist and segments, the MP4,
the thumbnail, the player page and its scripts, captions, chapters and logos. No credentials (the spec says
`security: []`): a browser's `<video>` sends none."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from connexion.lifecycle import ConnexionResponse

from vidmock.apis.apivideo import images
from vidmock.apis.apivideo.media import playback, player_page, renditions, thumbnails
from vidmock.apis.apivideo.players import domain as players
from vidmock.apis.apivideo.request_parts import file_bytes, now_ms
from vidmock.apis.apivideo.tracks import domain as text_tracks
from vidmock.apis.apivideo.tracks.domain import track_language
from vidmock.apis.apivideo.videos import wire as videos_wire
from vidmock.apis.apivideo.videos.domain import find_video
from vidmock.http.errors import ApiError
from vidmock.http.served_files import NO_CACHE, SHORT, ServedFile, answer, respond
from vidmock.storage import blobs
from vidmock.world import current


async def _read(video_id: str, read: Callable[..., Any], *args: Any) -> tuple[playback.Playable, Any]:
    """`read(conn, playable, *args)` for the video; the sample's renditions are made (the first
    time, seconds) in a thread, so other requests go on meanwhile."""
    world = current()
    # Its own transaction: what the encoder made is kept even when the read then refuses.
    with world.store.begin() as conn:
        seen = playback.playable(conn, world, video_id, now_ms())
    if seen.from_sample:
        return seen, await asyncio.to_thread(read, None, seen, *args)
    with world.store.read() as conn:
        return seen, read(conn, seen, *args)


async def hls(videoId: str) -> ConnexionResponse:
    seen, entries = await _read(videoId, playback.abouts)
    if not seen.qualities and not seen.complete:  # encoding: api.video's CDN answers 202, no body
        return ConnexionResponse(202, body=b"", headers=NO_CACHE)
    if not seen.qualities:
        raise ApiError(
            404,
            f"The video {videoId} has no quality encoded (no source, or its encoding failed)",
            parameter="videoId",
        )
    body = playback.master(entries, seen.qualities)
    return respond(ServedFile(body, renditions.MPEGURL, headers=SHORT if seen.complete else NO_CACHE))


async def hls_playlist(videoId: str, quality: str) -> ConnexionResponse:
    _seen, file = await _read(videoId, playback.media_playlist, quality)
    return respond(file)


async def hls_segment(videoId: str, quality: str, segment: str) -> ConnexionResponse:
    _seen, file = await _read(videoId, playback.segment, quality, int(segment))
    return respond(file)


async def mp4(videoId: str) -> ConnexionResponse:
    _seen, file = await _read(videoId, playback.mp4)
    return respond(file)


def unsatisfiable(video_id: str) -> ApiError:
    """The 416 a range past the end of the video's MP4 gets (RFC 9110 §15.5.17), as `respond`
    raises it: `Content-Range: bytes */LENGTH` and `Range` named. A video without an MP4 has no
    byte to count (a real request gets its 404; forced, its length is 0). Slow the first time
    for a video playing the sample (its MP4 is encoded)."""
    world = current()
    try:
        with world.store.begin() as conn:
            seen = playback.playable(conn, world, video_id, now_ms())
            file = playback.mp4(None if seen.from_sample else conn, seen)
    except ApiError:
        file = ServedFile(b"", "video/mp4")
    refused = answer("GET", {"range": f"bytes={len(file.data)}-"}, file)
    return ApiError(416, refused.detail or "", parameter="Range", location="header", headers=refused.headers)


async def thumbnail(videoId: str) -> ConnexionResponse:
    with current().store.begin() as conn:
        find_video(conn, videoId)
        blob = blobs.get(conn, thumbnails.blob_id(videoId))
    if blob is None:
        return respond(ServedFile(images.placeholder_jpeg(seed=videoId), "image/jpeg", headers=NO_CACHE))
    return respond(ServedFile.from_blob(blob, headers=NO_CACHE))


async def player(videoId: str, **_options: Any) -> ConnexionResponse:
    """The query is the page's to read in the browser (`player_page`): none of it is used here."""
    with current().store.begin() as conn:
        page = player_page.render(conn, find_video(conn, videoId))
    return respond(ServedFile(page, "text/html; charset=utf-8", headers=NO_CACHE))


async def player_asset(file: str) -> ConnexionResponse:
    found = player_page.asset(file)
    if found is None:
        raise ApiError(404, f"The player has no file '{file}'", parameter="file")
    return respond(found)


async def upload_thumbnail(videoId: str, file: Any = None, **_: Any) -> dict:
    data, _name = await file_bytes(file)
    with current().store.begin() as conn:
        thumbnails.upload(conn, videoId, data, now_ms())
        return videos_wire.video(find_video(conn, videoId))


async def pick_thumbnail(videoId: str, body: dict) -> dict:
    with current().store.begin() as conn:
        thumbnails.pick(conn, videoId, body["timecode"], now_ms())
        return videos_wire.video(find_video(conn, videoId))


async def caption_file(videoId: str, language: str) -> ConnexionResponse:
    with current().store.begin() as conn:
        blob = text_tracks.track_file(conn, videoId, "captions", track_language(conn, videoId, language))
    return respond(ServedFile.from_blob(blob, headers=NO_CACHE))


async def chapter_file(videoId: str, language: str) -> ConnexionResponse:
    with current().store.begin() as conn:
        blob = text_tracks.track_file(conn, videoId, "chapters", track_language(conn, videoId, language))
    return respond(ServedFile.from_blob(blob, headers=NO_CACHE))


async def logo_file(playerId: str) -> ConnexionResponse:
    with current().store.begin() as conn:
        blob = players.logo_file(conn, playerId)
    return respond(ServedFile.from_blob(blob, headers=NO_CACHE))
