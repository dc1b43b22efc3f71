"""api.video's wire format of captions, chapters, players and the account. Files are served
by the mock itself (`operations/files.py`), so `src` and the logo are URLs on the mock's host
where api.video's are on its CDN (`https://cdn.api.video/vod/<videoId>/captions/en.vtt`)."""

from __future__ import annotations

from typing import Any

from vidmock.apis.apivideo import asset_urls
from vidmock.apis.apivideo.player_tables import COLOURS, SWITCHES
from vidmock.apis.apivideo.wire import iso_seconds


def served_url(path: str) -> str:
    """`path` (below the API base, e.g. `/vod/vi…/captions/en.vtt`) as an absolute URL on the
    host the current request came to."""
    return asset_urls.base() + path


def caption(row: dict[str, Any]) -> dict[str, Any]:
    video_id, language = row["video_id"], row["language"]
    return {
        "uri": f"/videos/{video_id}/captions/{language}",
        "src": served_url(f"/vod/{video_id}/captions/{language}.vtt"),
        "srclang": language,
        "default": row["is_default"],
    }


def chapter(row: dict[str, Any]) -> dict[str, Any]:
    video_id, language = row["video_id"], row["language"]
    return {
        "uri": f"/videos/{video_id}/chapters/{language}",
        "src": served_url(f"/vod/{video_id}/chapters/{language}.vtt"),
        "language": language,
    }


def player(row: dict[str, Any]) -> dict[str, Any]:
    """`name` only when one was given; `assets` only while the player has a logo."""
    answer: dict[str, Any] = {"playerId": row["player_id"]}
    if row["name"] is not None:
        answer["name"] = row["name"]
    answer.update({field: row[column] for field, column in COLOURS.items()})
    answer.update({field: row[column] for field, column in SWITCHES.items()})
    answer["createdAt"] = iso_seconds(row["created_at"])
    answer["updatedAt"] = iso_seconds(row["updated_at"])
    if row["logo_link"] is not None:
        logo = served_url(f"/player/{row['player_id']}/logo.png")
        answer["assets"] = {"logo": logo, "link": row["logo_link"]}
    return answer
