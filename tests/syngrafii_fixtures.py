"""Hand-built Syngrafii worlds: packages (each with one meeting and one session) and videos with
plain defaults, and a read-back of what the store holds. Test modules wrap these in fixtures."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select

from vidmock.apis.syngrafii.tables import meetings, packages, sessions, videos

BASE = "/syngrafii/api/v1"
KEY = {"api_key": "dev-key"}


def gid(name: str) -> str:
    """The GUID a hand-built record called `name` gets."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"syngrafii/{name}"))


def ms(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp() * 1000)


def video(name: str, package: str, state: str = "archived", **fields: Any) -> dict[str, Any]:
    """One video of `package`'s meeting, recorded in a 5-minute-12-second session."""
    row = {
        "meeting_video_id": gid(name),
        "package_id": gid(package),
        "meeting_id": gid(f"{package}/meeting"),
        "meeting_session_id": gid(f"{package}/session"),
        "meeting_video_shared_id": gid(f"{name}/shared"),
        "external_video_id": None,
        "external_storage_id": None,
        "time_created": ms("2026-11-20T10:00:00.250+00:00"),
        "time_retention": None,
        "time_deleted": None,
        "duration_seconds": 312,
        "size": 4_402_007,
        "source": "meeting",
        "type": "video",
        "state": state,
    }
    row.update(fields)
    return row


def add_world(app, package_names: list[str], *video_rows: dict[str, Any]) -> None:
    """Add packages, each with one meeting and one session, then the videos, to `app`'s store."""
    started = ms("2026-11-20T10:00:00+00:00")
    with app.world.store.begin() as conn:
        for name in package_names:
            conn.execute(packages.insert(), {"package_id": gid(name), "name": name, "time_created": started})
            conn.execute(
                meetings.insert(),
                {
                    "meeting_id": gid(f"{name}/meeting"),
                    "package_id": gid(name),
                    "title": f"{name} meeting",
                    "time_scheduled": started,
                },
            )
            conn.execute(
                sessions.insert(),
                {
                    "meeting_session_id": gid(f"{name}/session"),
                    "meeting_id": gid(f"{name}/meeting"),
                    "time_started": started,
                    "time_ended": started + 312_000,
                },
            )
        if video_rows:
            conn.execute(videos.insert(), list(video_rows))


def stored_videos(app) -> dict[str, tuple[str, int | None]]:
    """Every stored video's (state, time_deleted), by id: what a request may or may not change."""
    with app.world.store.begin() as conn:
        rows = conn.execute(select(videos.c.meeting_video_id, videos.c.state, videos.c.time_deleted))
        return {row.meeting_video_id: (row.state, row.time_deleted) for row in rows}
