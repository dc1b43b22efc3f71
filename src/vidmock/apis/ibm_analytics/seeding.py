"""The default IBM world: channels and videos, a population of viewers on their devices, and
player sessions over the 90 days before the clock, each split into view segments the way
play, pause and seek split them. Sessions running at the clock's now end in an unfinished
segment."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection

from vidmock.apis import SeedContext
from vidmock.apis.ibm_analytics.segments import insert_segments
from vidmock.apis.ibm_analytics.tables import contents

# (channels, videos, people, sessions) per size; ~2.5 segments a session.
SIZES = {"small": (3, 6, 40, 200), "medium": (15, 40, 3000, 20_000), "large": (40, 200, 30_000, 200_000)}
HISTORY = timedelta(days=90)
ANONYMOUS_SHARE = 0.35  # of devices, whose viewer never signed in
ONSITE_SHARE = 0.7
LIVE_NOW_SHARE = 0.01  # sessions placed so they are still playing at the clock's now

# (country, region, city, weight)
PLACES = [
    ("US", "California", "Los Angeles", 9),
    ("US", "California", "San Francisco", 6),
    ("US", "New York", "New York", 9),
    ("US", "Texas", "Austin", 4),
    ("US", "Illinois", "Chicago", 5),
    ("GB", "England", "London", 7),
    ("GB", "England", "Manchester", 3),
    ("GB", "Scotland", "Edinburgh", 2),
    ("DE", "Berlin", "Berlin", 4),
    ("DE", "Bavaria", "Munich", 3),
    ("HU", "Budapest", "Budapest", 3),
    ("FR", "Île-de-France", "Paris", 4),
    ("ES", "Madrid", "Madrid", 3),
    ("NL", "North Holland", "Amsterdam", 2),
    ("IN", "Maharashtra", "Mumbai", 5),
    ("IN", "Karnataka", "Bengaluru", 4),
    ("BR", "São Paulo", "São Paulo", 4),
    ("MX", "Mexico City", "Mexico City", 3),
    ("CA", "Ontario", "Toronto", 4),
    ("JP", "Tokyo", "Tokyo", 4),
    ("AU", "New South Wales", "Sydney", 3),
]


def _device(browser, b_ver, os_name, os_ver, family, brand=None, model=None) -> dict[str, Any]:
    major, minor, patch = [*b_ver.split("."), None, None, None][:3]
    os_major, os_minor, os_patch = [*os_ver.split("."), None, None, None][:3] if os_ver else [None] * 3
    return {
        "browser": {"family": browser, "major": major, "minor": minor, "patch": patch},
        "os": {
            "family": os_name,
            "major": os_major,
            "minor": os_minor,
            "patch": os_patch,
            "patch_minor": None,
        },
        "device": {"family": family, "brand": brand, "model": model},
    }


# (device_info, is_mobile, weight)
DEVICES = [
    (_device("Chrome", "130.0.6723", "Windows", "10", "Other"), False, 22),
    (_device("Chrome", "129.0.6668", "Mac OS X", "10.15.7", "Mac", "Apple", "Mac"), False, 10),
    (_device("Safari", "18.1", "Mac OS X", "10.15.7", "Mac", "Apple", "Mac"), False, 7),
    (_device("Firefox", "132.0", "Windows", "10", "Other"), False, 5),
    (_device("Edge", "130.0.2849", "Windows", "10", "Other"), False, 5),
    (_device("Chrome", "130.0.6723", "Linux", None, "Other"), False, 2),
    (_device("Mobile Safari", "18.1", "iOS", "18.1", "iPhone", "Apple", "iPhone"), True, 18),
    (_device("Mobile Safari", "17.6", "iOS", "17.6.1", "iPad", "Apple", "iPad"), True, 5),
    (
        _device("Chrome Mobile", "130.0.6723", "Android", "14", "Samsung SM-S921B", "Samsung", "SM-S921B"),
        True,
        10,
    ),
    (_device("Chrome Mobile", "130.0.6723", "Android", "15", "Pixel 8", "Google", "Pixel 8"), True, 6),
    (
        _device("Samsung Internet", "26.0", "Android", "14", "Samsung SM-A546B", "Samsung", "SM-A546B"),
        True,
        4,
    ),
    (_device("Roku", "13.0", "Roku OS", "13.0", "Roku Ultra", "Roku", "Ultra"), False, 3),
]


@dataclass(frozen=True)
class Client:
    client_id: str
    viewer_identifier: str | None
    device_info: dict[str, Any]
    is_mobile: bool
    country: str
    region: str
    city: str


def seed(conn: Connection, ctx: SeedContext) -> None:
    seed_counts(conn, ctx, *SIZES[ctx.size])


def seed_counts(
    conn: Connection, ctx: SeedContext, n_channels: int, n_videos: int, n_people: int, n_sessions: int
) -> None:
    """A world of these many channels, videos, people and sessions (about 2.3 segments each)."""
    rng = ctx.rng
    media = _media(conn, ctx, n_channels, n_videos)
    clients = _clients(ctx, n_people)
    media_weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(media))]
    client_weights = [rng.paretovariate(1.5) for _ in clients]
    picked_media = rng.choices(media, media_weights, k=n_sessions)
    picked_clients = rng.choices(clients, client_weights, k=n_sessions)
    now = int(ctx.now.timestamp())
    history = int(HISTORY.total_seconds())
    rows = (
        row
        for content, client in zip(picked_media, picked_clients, strict=True)
        for row in _session(rng, content, client, now, history)
    )
    insert_segments(conn, rows)


def _media(conn: Connection, ctx: SeedContext, n_channels: int, n_videos: int) -> list[tuple[str, int, int]]:
    rng, faker = ctx.rng, ctx.faker
    ids = rng.sample(range(10_000_000, 99_999_999), n_channels + n_videos)
    media = []
    for index, content_id in enumerate(ids):
        if index < n_channels:
            kind, duration, title = (
                "live",
                None,
                f"{faker.city()} {rng.choice(['Live', 'TV', 'News', 'Sports'])}",
            )
        else:
            kind, duration = "recorded", rng.randint(90, 3600)
            title = faker.catch_phrase()
        media.append({"content_type": kind, "content_id": content_id, "title": title, "duration": duration})
    conn.execute(contents.insert(), media)
    return [(m["content_type"], m["content_id"], m["duration"] or 0) for m in media]


def _clients(ctx: SeedContext, n_people: int) -> list[Client]:
    rng, faker = ctx.rng, ctx.faker
    place_weights = [p[3] for p in PLACES]
    device_weights = [d[2] for d in DEVICES]
    clients = []
    for person in range(n_people):
        email = f"{faker.user_name()}{person}@{faker.free_email_domain()}"
        country, region, city, _ = rng.choices(PLACES, place_weights)[0]
        for _device_index in range(rng.choice((1, 1, 1, 2, 2, 3))):
            device, mobile, _ = rng.choices(DEVICES, device_weights)[0]
            anonymous = rng.random() < ANONYMOUS_SHARE
            clients.append(
                Client(
                    str(rng.getrandbits(64)),
                    None if anonymous else email,
                    device,
                    mobile,
                    country,
                    region,
                    city,
                )
            )
    return clients


def _uuid4(rng: random.Random) -> str:
    """A version-4 UUID drawn from `rng` (as `uuid.UUID(int=..., version=4)` would, but faster)."""
    digits = f"{(rng.getrandbits(128) & ~(0xF000 << 64) & ~(0xC << 60)) | (0x4000 << 64) | (0x8 << 60):032x}"
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def _session(
    rng: random.Random, content: tuple[str, int, int], client: Client, now: int, history: int
) -> list[dict[str, Any]]:
    kind, content_id, duration = content
    if rng.random() < LIVE_NOW_SHARE:
        started = now - rng.randint(60, 1800)
    else:
        started = now - rng.randint(600, history)
    session_id = f"{rng.getrandbits(32):08x}:{rng.getrandbits(32):08x}"
    view_type = "onsite" if rng.random() < ONSITE_SHARE else "offsite"
    position = rng.randint(0, duration // 2) if kind == "recorded" and rng.random() < 0.3 else 0
    rows = []
    for _segment in range(rng.choice((1, 1, 2, 2, 3, 4, 5))):
        length = rng.randint(20, 1500)
        if kind == "recorded":
            length = min(length, max(duration - position, 1))
        finished: int | None = started + length
        if finished > now:
            finished = None  # still playing at the clock's now
        end_position = position + length if kind == "recorded" else 0
        rows.append(
            {
                "id": _uuid4(rng),
                "content_type": kind,
                "content_id": content_id,
                "started_at": started,
                "finished_at": finished,
                "from_position": position if kind == "recorded" else 0,
                "to_position": end_position,
                "client_id": client.client_id,
                "view_session_id": session_id,
                "viewer_identifier": client.viewer_identifier,
                "country": client.country,
                "region": client.region,
                "city": client.city,
                "is_mobile_view": client.is_mobile,
                "view_type": view_type,
                "device_info": client.device_info,
            }
        )
        if finished is None or (kind == "recorded" and end_position >= duration):
            break
        # A pause, or a seek: the next segment starts a little later, maybe elsewhere.
        started = finished + rng.randint(2, 240)
        if started >= now:
            break
        position = (
            rng.randint(0, max(duration - 1, 0))
            if kind == "recorded" and rng.random() < 0.3
            else end_position
        )
    return rows
