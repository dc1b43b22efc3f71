"""The default Syngrafii world: signing packages, each with video meetings, their sessions and
the videos recorded in them, over the 60 days before the clock.

One demonstration package comes first, under the ids of the vendor's own documentation
examples, with one video in every state, so the docs' requests work against the mock as
written. The other packages draw their states at random."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection

from vidmock.apis.syngrafii.tables import meetings, packages, sessions, videos
from vidmock.apis.syngrafii.videos import DELETED
from vidmock.vendor import SeedContext

DEMO_PACKAGE_ID = "c603079c-2dc7-4af7-8c2e-dc992662621c"
DEMO_MEETING_ID = "0f2f4065-3d07-4fd5-96e8-13b3f77a7c9d"
DEMO_VIDEO_ID = "4c512b8a-c1ad-47da-ae22-5a61115505e3"

# Packages besides the demonstration package, per size.
SIZES = {"small": 6, "medium": 80, "large": 800}
HISTORY = timedelta(days=60)
# Weights of the states of a finished session's video: most are downloaded and playable.
STATE_WEIGHTS = {"stopped": 8, "queued": 8, "failed": 4, "archived": 70, DELETED: 10}
RETENTION_DAYS = (30, 90, 365, 2555)
BYTES_PER_SECOND = (60_000, 160_000)  # a 480p to 720p meeting recording
DOCUMENTS = (
    "Mortgage closing",
    "Power of attorney",
    "Last will and testament",
    "Lease agreement",
    "Affidavit",
    "Share purchase agreement",
    "Real estate transfer",
)


def seed(conn: Connection, ctx: SeedContext) -> None:
    rows: dict[str, list[dict[str, Any]]] = {"packages": [], "meetings": [], "sessions": [], "videos": []}
    now_ms = int(ctx.now.timestamp() * 1000)
    _demo_package(ctx, now_ms, rows)
    for _ in range(SIZES[ctx.size]):
        _package(ctx, now_ms, rows)
    conn.execute(packages.insert(), rows["packages"])
    conn.execute(meetings.insert(), rows["meetings"])
    conn.execute(sessions.insert(), rows["sessions"])
    conn.execute(videos.insert(), rows["videos"])


def _uuid(ctx: SeedContext) -> str:
    return str(uuid.UUID(int=ctx.rng.getrandbits(128), version=4))


def _demo_package(ctx: SeedContext, now_ms: int, rows: dict[str, list[dict[str, Any]]]) -> None:
    """The docs' package and meeting: one session per state, the docs' video archived."""
    day = 86_400_000
    started = now_ms - 2 * day
    rows["packages"].append(
        {"package_id": DEMO_PACKAGE_ID, "name": "Demonstration package", "time_created": started}
    )
    rows["meetings"].append(
        {
            "meeting_id": DEMO_MEETING_ID,
            "package_id": DEMO_PACKAGE_ID,
            "title": "Signing meeting",
            "time_scheduled": started,
        }
    )
    for index, state in enumerate(("archived", "stopped", "queued", "failed", DELETED, "started")):
        begins = now_ms - 20 * 60_000 if state == "started" else started + index * 3_600_000
        session = _session(
            ctx, DEMO_MEETING_ID, begins, None if state == "started" else begins + 60_000 * (index + 6)
        )
        rows["sessions"].append(session)
        video = _video(ctx, DEMO_PACKAGE_ID, session, state, now_ms)
        if index == 0:
            video.update(meeting_video_id=DEMO_VIDEO_ID, duration_seconds=6, size=484_524)
        rows["videos"].append(video)


def _package(ctx: SeedContext, now_ms: int, rows: dict[str, list[dict[str, Any]]]) -> None:
    rng, faker = ctx.rng, ctx.faker
    history = int(HISTORY.total_seconds() * 1000)
    package_id = _uuid(ctx)
    created = now_ms - rng.randint(3_600_000, history)
    name = f"{rng.choice(DOCUMENTS)}: {faker.last_name()}"
    rows["packages"].append({"package_id": package_id, "name": name, "time_created": created})
    for _meeting in range(rng.choice((1, 1, 2, 3))):
        meeting_id = _uuid(ctx)
        scheduled = rng.randint(created, now_ms)
        rows["meetings"].append(
            {
                "meeting_id": meeting_id,
                "package_id": package_id,
                "title": f"{name} meeting",
                "time_scheduled": scheduled,
            }
        )
        begins = scheduled
        for _session_index in range(rng.choice((1, 1, 1, 2))):
            length = rng.randint(60, 2400) * 1000
            live = begins + length > now_ms
            session = _session(ctx, meeting_id, begins, None if live else begins + length)
            rows["sessions"].append(session)
            for _video_index in range(rng.choice((0, 1, 1, 1, 2))):
                state = (
                    "started" if live else rng.choices(list(STATE_WEIGHTS), list(STATE_WEIGHTS.values()))[0]
                )
                rows["videos"].append(_video(ctx, package_id, session, state, now_ms))
            begins += length + rng.randint(60, 900) * 1000
            if begins >= now_ms:
                break


def _session(ctx: SeedContext, meeting_id: str, started: int, ended: int | None) -> dict[str, Any]:
    return {
        "meeting_session_id": _uuid(ctx),
        "meeting_id": meeting_id,
        "time_started": started,
        "time_ended": ended,
    }


def _video(
    ctx: SeedContext, package_id: str, session: dict[str, Any], state: str, now_ms: int
) -> dict[str, Any]:
    rng = ctx.rng
    created = session["time_started"] + rng.randint(0, 5000)
    recording = state == "started"
    duration = None if recording else max(1, (session["time_ended"] - created) // 1000)
    external = rng.random() < 0.25
    retention = None if rng.random() < 0.4 else created + rng.choice(RETENTION_DAYS) * 86_400_000
    deleted = (
        rng.randint(session["time_ended"], max(session["time_ended"], now_ms - 1))
        if state == DELETED
        else None
    )
    return {
        "meeting_video_id": _uuid(ctx),
        "package_id": package_id,
        "meeting_id": session["meeting_id"],
        "meeting_session_id": session["meeting_session_id"],
        "meeting_video_shared_id": _uuid(ctx),
        "external_video_id": f"{rng.getrandbits(64):016x}" if external else None,
        "external_storage_id": _uuid(ctx) if external else None,
        "time_created": created,
        "time_retention": retention,
        "time_deleted": deleted,
        "duration_seconds": duration,
        "size": None if recording else duration * rng.randint(*BYTES_PER_SECOND),
        "source": "meeting",
        "type": "video",
        "state": state,
    }
