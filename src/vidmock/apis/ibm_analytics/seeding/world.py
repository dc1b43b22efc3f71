"""The default IBM world: channels and videos, a population of viewers on their devices
(`population`), and player sessions over the 90 days before the clock (`sessions`)."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
from sqlalchemy import Connection

from vidmock.apis.ibm_analytics.seeding.population import draw_clients
from vidmock.apis.ibm_analytics.seeding.sessions import Media, write_sessions
from vidmock.apis.ibm_analytics.tables import contents
from vidmock.vendor import SeedContext

# (channels, videos, people, sessions) per size; ~2.3 segments a session.
SIZES = {"small": (3, 6, 40, 200), "medium": (15, 40, 3000, 20_000), "large": (40, 200, 30_000, 200_000)}
HISTORY = timedelta(days=90)


def seed(conn: Connection, ctx: SeedContext) -> None:
    seed_counts(conn, ctx, *SIZES[ctx.size])


def seed_counts(
    conn: Connection, ctx: SeedContext, n_channels: int, n_videos: int, n_people: int, n_sessions: int
) -> None:
    """A world of these many channels, videos, people and sessions (about 2.3 segments each)."""
    media = _media(conn, ctx, n_channels, n_videos)
    # numpy's generator, seeded from the vendor's stream: the same seed draws the same world.
    gen = np.random.default_rng(ctx.rng.getrandbits(128))
    clients = draw_clients(gen, ctx.faker, n_people)
    now = int(ctx.now.timestamp())
    write_sessions(conn, gen, media, clients, n_sessions, now, int(HISTORY.total_seconds()))


def _media(conn: Connection, ctx: SeedContext, n_channels: int, n_videos: int) -> Media:
    """Channels (live) then videos (recorded), inserted; most popular first."""
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
    return Media(
        content_type=np.array([m["content_type"] for m in media], dtype=object),
        content_id=np.array([m["content_id"] for m in media], dtype=np.int64),
        duration=np.array([m["duration"] or 0 for m in media], dtype=np.int64),
    )
