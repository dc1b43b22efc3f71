"""The default JTV world: a catalogue of films, series and their episodes with the vendor's
kinds of ids (`NNVG10006424`, `6149`), and subscribers (e-mail ids) with favorites and viewing
history over the 60 days before the clock. `user@example.org`, the id of JTV's own example,
is always one of them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert

from vidmock.apis.jtv.tables import activity, assets, favorites
from vidmock.vendor import SeedContext

# (films, series, episodes per series, subscribers) per size.
SIZES = {"small": (12, 3, 4, 6), "medium": (150, 25, 8, 300), "large": (800, 120, 10, 3000)}
EXAMPLE_SUBSCRIBER = "user@example.org"
HISTORY_MS = 60 * 86_400_000
GENRES = ["Drama", "Comedy", "Documentary", "Action", "Thriller", "Family", "Sci-Fi", "Sports", "Music"]
RATINGS = ["TV-G", "TV-PG", "TV-14", "TV-MA", "PG", "PG-13", "R"]
TAGS = ["new", "trending", "award-winner", "4k", "hdr", "original", "classic", "subtitled"]
THUMBNAILS = "https://img.junctiontv.example/assets/{}/thumbnail.jpg"


def seed(conn: Connection, ctx: SeedContext) -> None:
    n_films, n_series, n_episodes, n_subscribers = SIZES[ctx.size]
    catalogue = _catalogue(ctx, n_films, n_series, n_episodes)
    conn.execute(insert(assets), catalogue)
    playable = [a for a in catalogue if a["type"] != "episodic"]
    now_ms = int(ctx.now.timestamp() * 1000)
    subscribers = [EXAMPLE_SUBSCRIBER] + [
        f"{ctx.faker.user_name()}{n}@{ctx.faker.free_email_domain()}" for n in range(1, n_subscribers)
    ]
    favorite_rows: list[dict[str, Any]] = []
    activity_rows: list[dict[str, Any]] = []
    for subscriber in subscribers:
        picked = ctx.rng.sample(catalogue, min(len(catalogue), ctx.rng.randint(2, 8)))
        favorite_rows += [
            {"subscriber_id": subscriber, "asset_id": a["asset_id"], "position": i}
            for i, a in enumerate(picked)
        ]
        watched = ctx.rng.sample(playable, min(len(playable), ctx.rng.randint(2, 10)))
        activity_rows += [_viewing(ctx, subscriber, asset, now_ms) for asset in watched]
    conn.execute(insert(favorites), favorite_rows)
    conn.execute(insert(activity), activity_rows)


def _catalogue(ctx: SeedContext, n_films: int, n_series: int, n_episodes: int) -> list[dict[str, Any]]:
    rng = ctx.rng
    count = n_films + n_series * (1 + n_episodes)
    # Half of JTV's ids are catalogue codes, half plain numbers; both kinds are unique.
    codes = rng.sample(range(10_000_000, 99_999_999), count)
    numbers = rng.sample(range(1000, 99_999), count)
    ids = [f"NNVG{c}" if rng.random() < 0.5 else str(n) for c, n in zip(codes, numbers, strict=True)]
    records = []
    for _ in range(n_films):
        records.append(_asset(ctx, ids.pop(), "vod", ctx.faker.catch_phrase(), rng.randint(1200, 9000)))
    for _ in range(n_series):
        series = _asset(ctx, ids.pop(), "episodic", ctx.faker.bs().title(), None)
        records.append(series)
        for episode in range(1, n_episodes + 1):
            title = f"{series['title']} S1E{episode}: {ctx.faker.catch_phrase()}"
            records.append(_asset(ctx, ids.pop(), "episode", title, rng.randint(1200, 3600), series))
    return records


def _asset(
    ctx: SeedContext,
    asset_id: str,
    kind: str,
    title: str,
    duration: int | None,
    series: dict[str, Any] | None = None,
) -> dict[str, Any]:
    rng = ctx.rng
    return {
        "asset_id": asset_id,
        "type": kind,
        "title": title,
        "thumbnail": THUMBNAILS.format(asset_id),
        "description": ctx.faker.paragraph(nb_sentences=2),
        "genres": series["genres"] if series else sorted(rng.sample(GENRES, rng.randint(1, 2))),
        "duration": duration,
        "release_year": series["release_year"] if series else rng.randint(1985, ctx.now.year),
        "parental_rating": series["parental_rating"] if series else rng.choice(RATINGS),
        "tags": sorted(rng.sample(TAGS, rng.randint(0, 3))),
    }


def _viewing(ctx: SeedContext, subscriber: str, asset: dict[str, Any], now_ms: int) -> dict[str, Any]:
    rng = ctx.rng
    duration = asset["duration"]
    plays = rng.randint(1, 5)
    finished = rng.random() < 0.4
    # The ingest reports whole seconds; the store keeps milliseconds.
    position = 0 if finished else rng.randint(10, duration - 60)
    return {
        "subscriber_id": subscriber,
        "asset_id": asset["asset_id"],
        "play_count": plays,
        "view_time": min(duration * plays, position + rng.randint(0, duration)),
        "pause_time_ms": position * 1000,
        "last_played_on": now_ms - rng.randint(60_000, HISTORY_MS),
        "user_rating": rng.choice([None, None, 3, 4, 4.5, 5, 2]),
    }
