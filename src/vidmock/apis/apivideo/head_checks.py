"""What api.video refuses from a request's head alone, before the body (a file of up to the
upload limit) is read: the spec names them with `x-vidmock-head-check` (see
`vidmock.specs.head_checks`). Each takes the path and query parameters as text and raises the
operation's own refusal; the operation judges again once the body is in."""

from __future__ import annotations

from vidmock.apis.apivideo.live.domain import find_live_stream
from vidmock.apis.apivideo.players.domain import find_player
from vidmock.apis.apivideo.request_parts import now_ms
from vidmock.apis.apivideo.tracks.domain import track_language
from vidmock.apis.apivideo.uploads import sources, tokens
from vidmock.apis.apivideo.videos.domain import find_video
from vidmock.world import current


def known_video(videoId: str, **_: str) -> None:
    """404 naming `videoId` for an unknown video."""
    with current().store.read() as conn:
        find_video(conn, videoId)


def source_accepted(videoId: str, **_: str) -> None:
    """404 naming `videoId`; 400 `filealreadyuploaded` naming `file` for a video with its source."""
    with current().store.read() as conn:
        sources.accepting(conn, videoId)


def active_token(token: str | None = None, **_: str) -> None:
    """404 naming `token` for an unknown, deleted or expired upload token (a missing one is the
    parameter validation's 400)."""
    if token is not None:
        with current().store.read() as conn:
            tokens.find_token(conn, token, now_ms(), "token")


def known_track(videoId: str, language: str, **_: str) -> None:
    """404 naming `videoId` for an unknown video, then 400 naming `language` for a tag that is
    not a language."""
    with current().store.read() as conn:
        track_language(conn, videoId, language)


def known_player(playerId: str, **_: str) -> None:
    """404 naming `playerId` for an unknown player."""
    with current().store.read() as conn:
        find_player(conn, playerId)


def known_live_stream(liveStreamId: str, **_: str) -> None:
    """404 naming `liveStreamId` for an unknown live stream."""
    with current().store.read() as conn:
        find_live_stream(conn, liveStreamId)
