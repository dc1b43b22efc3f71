"""Hand-built api.video worlds: one video, live stream or session at a time, plain defaults."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from vidmock.apis.apivideo.analytics.domain import insert_sessions
from vidmock.apis.apivideo.live.tables import live_streams
from vidmock.apis.apivideo.videos.tables import videos

API = "/apivideo"
DEV = {"Authorization": "Bearer dev-token"}


def ms(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp() * 1000)


def video(video_id: str, **fields: Any) -> dict[str, Any]:
    row = {
        "video_id": video_id,
        "title": "A video",
        "description": "",
        "public": True,
        "panoramic": False,
        "mp4_support": True,
        "player_id": None,
        "tags": [],
        "metadata": [],
        "published_at": ms("2026-01-01T00:00:00+00:00"),
        "updated_at": ms("2026-01-01T00:00:00+00:00"),
        "live_stream_id": None,
        "source_url": None,
        "ingest_status": "uploaded",
        "filesize": 1_000_000,
        "duration": 120,
        "width": 1280,
        "height": 720,
    }
    row.update(fields)
    return row


def live_stream(live_stream_id: str, **fields: Any) -> dict[str, Any]:
    row = {
        "live_stream_id": live_stream_id,
        "name": "A stream",
        "stream_key": f"key-{live_stream_id}",
        "record": False,
        "public": True,
        "player_id": None,
        "broadcasting": False,
        "created_at": ms("2026-01-01T00:00:00+00:00"),
        "updated_at": ms("2026-01-01T00:00:00+00:00"),
    }
    row.update(fields)
    return row


def session(session_id: str, loaded_at: str, **fields: Any) -> dict[str, Any]:
    row = {
        "session_id": session_id,
        "video_id": None,
        "live_stream_id": None,
        "loaded_at": ms(loaded_at),
        "ended_at": ms(loaded_at) + 60_000,
        "metadata": [],
        "country": "France",
        "city": "Paris",
        "referrer_url": "unknown",
        "referrer_medium": "direct",
        "referrer_source": "unknown",
        "referrer_search_term": "unknown",
        "device_type": "desktop",
        "device_vendor": "Dell",
        "device_model": "unknown",
        "os_name": "Microsoft Windows",
        "os_shortname": "W10",
        "os_version": "Windows10",
        "client_name": "Firefox",
        "client_version": "67.0",
        "client_type": "browser",
    }
    row.update(fields)
    return row


def event(session_id: str, position: int, kind: str, emitted_at: str, **fields: Any) -> dict[str, Any]:
    return {
        "session_id": session_id,
        "position": position,
        "type": kind,
        "emitted_at": ms(emitted_at),
        "at": fields.get("at"),
        "from_second": fields.get("start"),
        "to_second": fields.get("end"),
    }


class World:
    """Writes rows into an emptied app's store."""

    def __init__(self, app) -> None:
        self.app = app

    def add(self, *, streams=(), vids=(), sessions=(), events=()) -> None:
        with self.app.world.store.begin() as conn:
            if streams:
                conn.execute(live_streams.insert(), list(streams))
            if vids:
                conn.execute(videos.insert(), list(vids))
            insert_sessions(conn, sessions, events)
