"""The seeded Syngrafii world: the docs' demonstration package, every state, consistent
parents, values in the vendor's formats, and the same world for the same seed."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import select

from conftest import NOW, make_app
from syngrafii_fixtures import BASE, KEY
from vidmock.apis.syngrafii.seeding import DEMO_PACKAGE_ID, DEMO_VIDEO_ID
from vidmock.apis.syngrafii.tables import meetings, packages, sessions, videos

DURATION = re.compile(r"^PT(\d+H)?(\d+M)?(\d+S)?$")


def rows(app, table) -> list[dict]:
    with app.world.store.begin() as conn:
        return [dict(row) for row in conn.execute(select(table)).mappings()]


def test_the_demonstration_package_has_one_video_in_every_state(app):
    body = app.test_client().get(f"{BASE}/packages/{DEMO_PACKAGE_ID}/videos", headers=KEY).json()
    assert sorted(item["state"] for item in body["videos"]) == sorted(
        ["started", "stopped", "queued", "failed", "archived", "deleted"]
    )
    first = body["videos"][0]
    assert (first["meetingVideoId"], first["state"], first["duration"], first["size"]) == (
        DEMO_VIDEO_ID,
        "archived",
        "PT6S",
        484_524,
    )


def test_videos_have_values_in_the_vendor_formats(app):
    client = app.test_client()
    now = NOW.timestamp()
    seen = Counter()
    for package in rows(app, packages):
        body = client.get(f"{BASE}/packages/{package['package_id']}/videos", headers=KEY).json()
        for item in body["videos"]:
            seen[item["state"]] += 1
            created = datetime.fromisoformat(item["timeCreated"]).timestamp()
            assert now - timedelta(days=61).total_seconds() <= created <= now
            if item["state"] == "started":
                assert (item["duration"], item["size"]) == (None, None)
            else:
                assert DURATION.match(item["duration"]) and item["size"] > 0
            if item["state"] == "archived":
                assert (
                    item["url"].startswith("https://")
                    and item["timeUrlExpires"] == "2026-11-25T12:00:00.000Z"
                )
            else:
                assert (item["url"], item["timeUrlExpires"]) == (None, None)
            if item["state"] == "deleted":
                assert created <= datetime.fromisoformat(item["timeDeleted"]).timestamp() <= now
            else:
                assert item["timeDeleted"] is None
    assert set(seen) == {"started", "stopped", "queued", "failed", "archived", "deleted"}
    assert sum(seen.values()) > 12  # more than the demonstration package alone


def test_every_video_belongs_to_a_session_of_a_meeting_of_its_package(app):
    meeting_package = {m["meeting_id"]: m["package_id"] for m in rows(app, meetings)}
    session_meeting = {s["meeting_session_id"]: s["meeting_id"] for s in rows(app, sessions)}
    assert set(meeting_package.values()) <= {p["package_id"] for p in rows(app, packages)}
    for row in rows(app, videos):
        assert session_meeting[row["meeting_session_id"]] == row["meeting_id"]
        assert meeting_package[row["meeting_id"]] == row["package_id"]


def test_the_same_seed_gives_the_same_world_and_another_seed_another():
    def world(seed: int) -> list[list[dict]]:
        app = make_app(seed=seed)
        return [rows(app, table) for table in (packages, meetings, sessions, videos)]

    assert world(5) == world(5)
    assert world(5) != world(6)
