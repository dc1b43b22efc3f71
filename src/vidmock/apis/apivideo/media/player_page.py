"""The player page behind a video's `assets.player` (and its `iframe`), and the scripts it loads
from the mock's own origin (`/player-assets/<file>`): hls.js, shipped as a file of this package
(`static/hls.js/`, its version and licence beside it), and the page's own `player.js` (the
player, and the postMessage protocol of api.video's player SDK) and `analytics.js` (playback
reports to the mock's collector, `analytics.collector`).

The page is shaped by the video's player (`players`): its theme colours as CSS custom
properties, its logo and link, `enableControls`, `hideTitle`, `forceAutoplay`, `forceLoop` and
`enableApi`; the video's captions and chapters are its `<track>`s. What the SDK's URL asks
(`?muted=true`, `#loop`, ...) is read by `player.js` in the browser: the server reads no query.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import jinja2
from sqlalchemy import Connection, select

from vidmock.apis.apivideo.players.domain import DEFAULT_COLOURS, DEFAULT_SWITCHES, logo_blob_id
from vidmock.apis.apivideo.players.tables import COLOURS, SWITCHES, players
from vidmock.apis.apivideo.tracks.tables import captions, chapters
from vidmock.apis.apivideo.urls import served_url, video_assets
from vidmock.http.served_files import IMMUTABLE, NO_CACHE, ServedFile
from vidmock.storage import blobs

HLS_JS_VERSION = "1.7.4"
HLS_JS = f"hls-{HLS_JS_VERSION}.light.min.js"
STATIC = resources.files("vidmock.apis.apivideo.media") / "static"
# Served name -> (file in static/, Cache-Control). hls.js's name carries its version, so a
# browser may keep it for good; the page's own scripts change with vidmock and are revalidated.
ASSETS = {
    HLS_JS: (("hls.js", "hls.light.min.js"), IMMUTABLE),
    "player.js": (("player.js",), NO_CACHE),
    "analytics.js": (("analytics.js",), NO_CACHE),
}
JAVASCRIPT = "text/javascript; charset=utf-8"
# Where the page reports playback (`analytics.collector`), below the API base.
COLLECTOR_PATH = "/collector/vod"
# A colour goes into the page's style sheet: anything but a plain CSS colour is left out.
_CSS_COLOUR = re.compile(r"[#(),.\w %-]{1,64}\Z")


@cache
def asset(name: str) -> ServedFile | None:
    """The script served as `/player-assets/<name>`, or None for a name not shipped."""
    found = ASSETS.get(name)
    if found is None:
        return None
    parts, headers = found
    return ServedFile(STATIC.joinpath(*parts).read_bytes(), JAVASCRIPT, headers=headers)


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return environment.from_string(STATIC.joinpath("player.html").read_text("utf-8"))


def render(conn: Connection, video: dict[str, Any]) -> bytes:
    """The page of `video` (a row of `videos`), as UTF-8 HTML."""
    video_id = video["video_id"]
    assets = video_assets(video_id, video["mp4_support"])
    player = _player(conn, video["player_id"])
    switches = {
        field: player[column] if player else DEFAULT_SWITCHES[field] for field, column in SWITCHES.items()
    }
    logo = None
    if player and player["logo_link"] is not None and blobs.size(conn, logo_blob_id(player["player_id"])):
        logo = {"src": served_url(f"/player/{player['player_id']}/logo.png"), "link": player["logo_link"]}
    config = {
        "videoId": video_id,
        "hls": assets["hls"],
        "mp4": assets.get("mp4"),
        "collector": served_url(COLLECTOR_PATH),
        "enableApi": switches["enableApi"],
        "controls": switches["enableControls"],
        "autoplay": switches["forceAutoplay"],
        "loop": switches["forceLoop"],
        "hideTitle": switches["hideTitle"],
    }
    page = _template().render(
        title=video["title"],
        poster=assets["thumbnail"],
        theme=_theme(player),
        logo=logo,
        tracks=_tracks(conn, video_id),
        controls=switches["enableControls"],
        hide_title=switches["hideTitle"],
        config=config,
        scripts={
            "hls": served_url(f"/player-assets/{HLS_JS}"),
            "analytics": served_url("/player-assets/analytics.js"),
            "player": served_url("/player-assets/player.js"),
        },
    )
    return page.encode()


def _player(conn: Connection, player_id: str | None) -> dict[str, Any] | None:
    if player_id is None:
        return None
    row = conn.execute(select(players).where(players.c.player_id == player_id)).mappings().first()
    return dict(row) if row is not None else None


def _theme(player: dict[str, Any] | None) -> dict[str, str]:
    """CSS custom property (`--track-played`) -> colour, the player's or api.video's defaults."""
    theme = {}
    for field, column in COLOURS.items():
        colour = player[column] if player else DEFAULT_COLOURS[field]
        if not _CSS_COLOUR.match(colour or ""):
            colour = DEFAULT_COLOURS[field]
        theme[re.sub(r"(?<!^)(?=[A-Z])", "-", field).lower()] = colour
    return theme


def _tracks(conn: Connection, video_id: str) -> list[dict[str, Any]]:
    """The `<track>`s: captions (the default one marked), then chapters, by language."""
    tracks = []
    for kind, table in (("captions", captions), ("chapters", chapters)):
        statement = select(table).where(table.c.video_id == video_id).order_by(table.c.language)
        for row in conn.execute(statement).mappings():
            tracks.append(
                {
                    "kind": kind,
                    "language": row["language"],
                    "src": served_url(f"/vod/{video_id}/{kind}/{row['language']}.vtt"),
                    "default": kind == "captions" and row["is_default"],
                }
            )
    return tracks
