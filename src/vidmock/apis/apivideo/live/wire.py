"""api.video's wire format of a live stream (`LiveStream` in its 2021 spec): camelCase, times in RFC
3339 seconds."""

from __future__ import annotations

from typing import Any

from vidmock.apis.apivideo.wire import iso_seconds


def live_stream(row: dict[str, Any], thumbnail: str | None = None) -> dict[str, Any]:
    """`thumbnail`: the uploaded thumbnail's address, when there is one."""
    live_id = row["live_stream_id"]
    answer = {
        "liveStreamId": live_id,
        "name": row["name"],
        "streamKey": row["stream_key"],
        "record": row["record"],
        "public": row["public"],
        "assets": {
            "iframe": (
                f'<iframe src="https://embed.api.video/live/{live_id}" width="100%" height="100%" '
                'frameborder="0" scrolling="no" allowfullscreen="true"></iframe>'
            ),
            "player": f"https://embed.api.video/live/{live_id}",
            "hls": f"https://live.api.video/{live_id}.m3u8",
            "thumbnail": thumbnail or f"https://cdn.api.video/live/{live_id}/thumbnail.jpg",
        },
        "broadcasting": row["broadcasting"],
        "createdAt": iso_seconds(row["created_at"]),
        "updatedAt": iso_seconds(row["updated_at"]),
    }
    if row["player_id"]:
        answer["playerId"] = row["player_id"]
    return answer
