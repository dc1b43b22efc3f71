"""Syngrafii's wire format of a MeetingVideo: camelCase, ISO 8601 times in UTC with
milliseconds (`2019-07-15T16:53:44.342Z`), ISO 8601 durations (`PT5M12S`), and a download link
that lasts 24 hours from the moment it is handed out."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

URL_LIFETIME = timedelta(hours=24)
# Only a downloaded video can be played or downloaded.
PLAYABLE = "archived"
VIDEO_HOST = "https://syngrafii.com/video"


def iso_time(ms: int | None) -> str | None:
    if ms is None:
        return None
    moment = datetime.fromtimestamp(ms / 1000, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def iso_duration(seconds: int | None) -> str | None:
    """Whole seconds as an ISO 8601 duration: 312 -> `PT5M12S`, 0 -> `PT0S`."""
    if seconds is None:
        return None
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours}H" if hours else "", f"{minutes}M" if minutes else "", f"{secs}S" if secs else ""]
    return "PT" + ("".join(parts) or "0S")


def meeting_video(row: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    url, expires = _link(row, now)
    return {
        "meetingVideoId": row["meeting_video_id"],
        "meetingVideoSharedId": row["meeting_video_shared_id"],
        "meetingId": row["meeting_id"],
        "meetingSessionId": row["meeting_session_id"],
        "externalVideoId": row["external_video_id"],
        "externalStorageId": row["external_storage_id"],
        "timeCreated": iso_time(row["time_created"]),
        "timeRetention": iso_time(row["time_retention"]),
        "timeDeleted": iso_time(row["time_deleted"]),
        "duration": iso_duration(row["duration_seconds"]),
        "size": row["size"],
        "source": row["source"],
        "type": row["type"],
        "state": row["state"],
        "url": url,
        "timeUrlExpires": expires,
    }


def package_videos(package_id: str, rows: list[Mapping[str, Any]], now: datetime) -> dict[str, Any]:
    return {"packageId": package_id, "videos": [meeting_video(row, now) for row in rows]}


def _link(row: Mapping[str, Any], now: datetime) -> tuple[str | None, str | None]:
    if row["state"] != PLAYABLE:
        return None, None
    expires = iso_time(int((now + URL_LIFETIME).timestamp() * 1000))
    # A stable access token for a given expiry, so a frozen clock gives byte-identical answers.
    access = hashlib.sha256(f"{row['meeting_video_id']}|{expires}".encode()).hexdigest()[:32]
    return f"{VIDEO_HOST}/{row['meeting_video_id']}?access={access}", expires
