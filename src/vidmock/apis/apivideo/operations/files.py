"""The files api.video serves from its CDN, served by the mock from its store: caption and
chapter WebVTT files and player logos. No token is needed (a `<track>` element or an `<img>`
cannot send one); the app's CORS middleware lets any origin read them."""

from __future__ import annotations

from vidmock.apis.apivideo import players, text_tracks
from vidmock.apis.apivideo.operations.common import track_language
from vidmock.world import current

# WebVTT is always UTF-8 (W3C WebVTT §6), so no charset parameter is needed.
VTT = {"Content-Type": "text/vtt"}


async def caption_file(videoId: str, language: str) -> tuple[bytes, int, dict[str, str]]:
    with current().store.begin() as conn:
        data = text_tracks.track_file(conn, videoId, "captions", track_language(conn, videoId, language))
    return data, 200, VTT


async def chapter_file(videoId: str, language: str) -> tuple[bytes, int, dict[str, str]]:
    with current().store.begin() as conn:
        data = text_tracks.track_file(conn, videoId, "chapters", track_language(conn, videoId, language))
    return data, 200, VTT


async def logo_file(playerId: str) -> tuple[bytes, int, dict[str, str]]:
    with current().store.begin() as conn:
        data = players.logo_file(conn, playerId)
    return data, 200, {"Content-Type": "image/png"}
