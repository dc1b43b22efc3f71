"""api.video's wire format: resources, sessions and events in camelCase, the pagination object."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from connexion import request

from vidmock.apis.apivideo.asset_urls import video_assets
from vidmock.pagination import Page, with_query
from vidmock.world import current


def iso_seconds(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="seconds")


def iso_millis(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="milliseconds")


def listing(items: list[dict[str, Any]], page: Page) -> dict[str, Any]:
    return {"data": items, "pagination": pagination(page, len(items))}


def pagination(page: Page, on_this_page: int) -> dict[str, Any]:
    """Links are paths below the API base keeping the request's query, as api.video's examples show."""
    path = current().relative_path(request.url.path)
    query = request.url.query
    pages = [("self", page.number), ("first", 1), ("previous", page.previous)]
    pages += [("next", page.next), ("last", page.last)]
    return {
        "currentPage": page.number,
        "pageSize": page.size,
        "pagesTotal": page.last,
        "itemsTotal": page.total,
        "currentPageItems": on_this_page,
        "links": [
            {"rel": rel, "uri": with_query(path, query, currentPage=number, pageSize=page.size)}
            for rel, number in pages
            if number is not None
        ],
    }


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


def session(row: dict[str, Any], with_metadata: bool) -> dict[str, Any]:
    about: dict[str, Any] = {
        "sessionId": row["session_id"],
        "loadedAt": iso_millis(row["loaded_at"]),
        "endedAt": iso_millis(row["ended_at"]),
    }
    if with_metadata:
        about["metadata"] = list(row["metadata"])
    return {
        "session": about,
        "location": {"country": row["country"], "city": row["city"]},
        "referrer": {
            "url": row["referrer_url"],
            "medium": row["referrer_medium"],
            "source": row["referrer_source"],
            "searchTerm": row["referrer_search_term"],
        },
        "device": {"type": row["device_type"], "vendor": row["device_vendor"], "model": row["device_model"]},
        "os": {"name": row["os_name"], "shortname": row["os_shortname"], "version": row["os_version"]},
        "client": {"name": row["client_name"], "version": row["client_version"], "type": row["client_type"]},
    }


def event(row: dict[str, Any]) -> dict[str, Any]:
    answer: dict[str, Any] = {"type": row["type"], "emittedAt": iso_millis(row["emitted_at"])}
    if row["at"] is not None:
        answer["at"] = row["at"]
    if row["from_second"] is not None:
        answer["from"] = row["from_second"]
        answer["to"] = row["to_second"]
    return answer
