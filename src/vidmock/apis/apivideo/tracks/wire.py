"""api.video's wire format of captions and chapters. Files are served
by the mock itself (`media.operations`), so `src` is a URL on the mock's host
where api.video's are on its CDN (`https://cdn.api.video/vod/<videoId>/captions/en.vtt`)."""

from __future__ import annotations

from typing import Any

from vidmock.apis.apivideo.urls import served_url


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
