"""api.video's wire format of a video (`Video` in its 2021 spec): camelCase, times in RFC 3339 seconds,
assets on the mock's host."""

from __future__ import annotations

from typing import Any

from vidmock.apis.apivideo.urls import video_assets
from vidmock.apis.apivideo.wire import iso_seconds


def video(row: dict[str, Any]) -> dict[str, Any]:
    video_id = row["video_id"]
    assets = video_assets(video_id, row["mp4_support"])
    source: dict[str, Any] = {"uri": row["source_url"] or f"/videos/{video_id}/source"}
    if row["live_stream_id"]:
        source["type"] = "live"
        source["liveStream"] = {
            "liveStreamId": row["live_stream_id"],
            "links": [{"rel": "self", "uri": f"/live-streams/{row['live_stream_id']}"}],
        }
    answer = {
        "videoId": video_id,
        "title": row["title"],
        "description": row["description"],
        "publishedAt": iso_seconds(row["published_at"]),
        "updatedAt": iso_seconds(row["updated_at"]),
        "tags": list(row["tags"]),
        "metadata": list(row["metadata"]),
        "source": source,
        "assets": assets,
        "public": row["public"],
        "panoramic": row["panoramic"],
        "mp4Support": row["mp4_support"],
    }
    if row["player_id"]:
        answer["playerId"] = row["player_id"]
    return answer
