"""The account (`GET /account`, deprecated by api.video): its video quota and its term.

api.video does not say what the quota counts; the mock counts videos against
`QUOTA_TOTAL`, and the term is the calendar month (UTC) the clock is in."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, select

from vidmock.apis.apivideo.videos.tables import videos

QUOTA_TOTAL = 1000  # videos
FEATURES = [
    "app.dynamic_metadata",
    "app.event_log",
    "player.white_label",
    "stats.player_events",
    "transcode.mp4_support",
]


def account(conn: Connection, now: datetime) -> dict[str, Any]:
    """`{quota: {quotaUsed, quotaRemaining, quotaTotal}, term: {startAt, endAt}, features,
    environment}`; the term's ends are ISO 8601 instants (start included, end excluded)."""
    used = conn.execute(select(func.count()).select_from(videos)).scalar_one()
    now = now.astimezone(UTC)
    start = datetime(now.year, now.month, 1, tzinfo=UTC)
    end = datetime(now.year + now.month // 12, now.month % 12 + 1, 1, tzinfo=UTC)
    return {
        "quota": {"quotaUsed": used, "quotaRemaining": max(QUOTA_TOTAL - used, 0), "quotaTotal": QUOTA_TOTAL},
        "term": {"startAt": start.isoformat(timespec="seconds"), "endAt": end.isoformat(timespec="seconds")},
        "features": list(FEATURES),
        "environment": "production",
    }
