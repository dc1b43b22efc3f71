"""The files behind a video's `assets`, on the mock's own host: the MP4, the thumbnail, a player
page, each with validators, conditional requests and byte ranges (`vidmock.http.served_files`); HLS is
not packaged. No credentials (the spec says `security: []`): a browser's `<video>` sends none."""

from __future__ import annotations

import html
from functools import cache
from importlib import resources
from typing import Any

from connexion.lifecycle import ConnexionResponse

from vidmock.apis.apivideo import images
from vidmock.apis.apivideo.common import not_found
from vidmock.apis.apivideo.media import thumbnails
from vidmock.apis.apivideo.players import domain as players
from vidmock.apis.apivideo.request_parts import file_bytes, now_ms
from vidmock.apis.apivideo.tracks import domain as text_tracks
from vidmock.apis.apivideo.tracks.domain import track_language
from vidmock.apis.apivideo.uploads import sources
from vidmock.apis.apivideo.urls import video_assets
from vidmock.apis.apivideo.videos import wire as videos_wire
from vidmock.apis.apivideo.videos.domain import find_video
from vidmock.http.errors import ApiError
from vidmock.http.served_files import ServedFile, answer, respond
from vidmock.storage import blobs
from vidmock.world import current

SAMPLE = resources.files("vidmock.apis.apivideo.media") / "sample.mp4"


def _mp4_file(video_id: str) -> ServedFile:
    with current().store.begin() as conn:
        video = find_video(conn, video_id)
        if video["ingest_status"] != "uploaded" or not video["mp4_support"]:
            raise ApiError(
                404, f"The video {video_id} has no MP4 (no source yet, or no mp4Support)", parameter="videoId"
            )
        blob = blobs.get(conn, sources.source_blob(video_id))
    # Uploaded videos whose bytes were never sent here (seeded ones) play the sample.
    return _sample() if blob is None else ServedFile.from_blob(blob, media_type="video/mp4")


@cache
def _sample() -> ServedFile:
    return ServedFile(SAMPLE.read_bytes(), "video/mp4")


async def mp4(videoId: str) -> ConnexionResponse:
    return respond(_mp4_file(videoId))


def unsatisfiable(video_id: str) -> ApiError:
    """The 416 a range past the end of the video's MP4 gets (RFC 9110 §15.5.17), as `respond`
    raises it: `Content-Range: bytes */LENGTH` and `Range` named. A video without an MP4 has no
    byte to count (a real request gets its 404; forced, its length is 0)."""
    try:
        file = _mp4_file(video_id)
    except ApiError:
        file = ServedFile(b"", "video/mp4")
    refused = answer("GET", {"range": f"bytes={len(file.data)}-"}, file)
    return ApiError(416, refused.detail or "", parameter="Range", location="header", headers=refused.headers)


async def thumbnail(videoId: str) -> ConnexionResponse:
    with current().store.begin() as conn:
        find_video(conn, videoId)
        blob = blobs.get(conn, thumbnails.blob_id(videoId))
    if blob is None:
        return respond(ServedFile(images.placeholder_jpeg(seed=videoId), "image/jpeg"))
    return respond(ServedFile.from_blob(blob))


async def player(videoId: str) -> ConnexionResponse:
    with current().store.begin() as conn:
        video = find_video(conn, videoId)
    assets = video_assets(videoId, True)
    title = html.escape(video["title"])
    page = (
        f"<!doctype html>\n<html><head><meta charset=utf-8><title>{title}</title>"
        "<style>html,body{margin:0;height:100%;background:#000}video{width:100%;height:100%}</style>"
        f'</head><body><video controls playsinline preload=metadata src="{html.escape(assets["mp4"])}" '
        f'poster="{html.escape(assets["thumbnail"])}"></video></body></html>\n'
    )
    return respond(ServedFile(page.encode(), "text/html; charset=utf-8"))


async def hls(videoId: str) -> ConnexionResponse:
    with current().store.begin() as conn:
        find_video(conn, videoId)
    error = not_found("videoId", videoId)
    error.detail = "vidmock packages no HLS: play assets.mp4 instead"
    raise error


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
    return respond(ServedFile.from_blob(blob))


async def chapter_file(videoId: str, language: str) -> ConnexionResponse:
    with current().store.begin() as conn:
        blob = text_tracks.track_file(conn, videoId, "chapters", track_language(conn, videoId, language))
    return respond(ServedFile.from_blob(blob))


async def logo_file(playerId: str) -> ConnexionResponse:
    with current().store.begin() as conn:
        blob = players.logo_file(conn, playerId)
    return respond(ServedFile.from_blob(blob))
