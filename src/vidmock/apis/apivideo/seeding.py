"""The default api.video world: live streams, videos (some recorded from those streams) and
player sessions over the 90 days before the clock, each with a plausible player timeline.
A session copies its video's metadata, as the player reports it when it loads."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection

from vidmock.apis.apivideo.analytics.domain import insert_sessions
from vidmock.apis.apivideo.ids import new_id, new_stream_key
from vidmock.apis.apivideo.live.tables import live_streams
from vidmock.apis.apivideo.players.seeding import seed_players
from vidmock.apis.apivideo.tracks.seeding import seed_tracks
from vidmock.apis.apivideo.uploads.seeding import seed_upload_tokens
from vidmock.apis.apivideo.videos.tables import videos
from vidmock.vendor import SeedContext

# (live streams, videos, sessions) per size
SIZES = {"small": (3, 12, 150), "medium": (10, 60, 4000), "large": (30, 300, 40_000)}
HISTORY = timedelta(days=90)
LIVE_SESSION_SHARE = 0.25
RECORDED_SHARE = 0.3  # of videos, recorded from a live stream

METADATA_VALUES = {
    "Author": ["John Doe", "Ada Lovelace", "Grace Hopper", "Alan Turing"],
    "Format": ["Tutorial", "Interview", "Keynote", "Trailer"],
    "Language": ["en", "fr", "de", "es"],
    "Series": ["Season 1", "Season 2", "Specials"],
}
TAGS = ["maths", "string theory", "video", "books", "short stories", "tutorial", "live", "sports", "news"]
RESOLUTIONS = [(1920, 1080, 5), (1280, 720, 3), (3840, 2160, 1), (854, 480, 1)]

# (device type, vendor, model), (os name, shortname, version), (client name, version, type), weight
PLATFORMS = [
    (
        ("desktop", "Dell", "unknown"),
        ("Microsoft Windows", "W10", "Windows10"),
        ("Firefox", "67.0", "browser"),
        8,
    ),
    (
        ("desktop", "unknown", "unknown"),
        ("Microsoft Windows", "W10", "Windows10"),
        ("Chrome", "89.0", "browser"),
        14,
    ),
    (("desktop", "Apple", "MacBook"), ("Mac OS X", "MAC", "10.15"), ("Safari", "14.0", "browser"), 7),
    (("smartphone", "Apple", "iPhone"), ("iOS", "IOS", "14.4"), ("Mobile Safari", "14.0", "browser"), 12),
    (
        ("smartphone", "Samsung", "Galaxy S20"),
        ("Android", "AND", "11"),
        ("Chrome Mobile", "89.0", "browser"),
        9,
    ),
    (("tablet", "Apple", "iPad"), ("iOS", "IOS", "14.4"), ("Mobile Safari", "14.0", "browser"), 3),
    (("tv", "Samsung", "unknown"), ("Tizen", "TIZ", "5.5"), ("Samsung Browser", "3.1", "browser"), 1),
]
PLACES = [
    ("France", "Paris", 6),
    ("France", "Lyon", 2),
    ("United States", "New York", 6),
    ("United States", "San Francisco", 4),
    ("United Kingdom", "London", 5),
    ("Germany", "Berlin", 3),
    ("Spain", "Madrid", 2),
    ("Brazil", "São Paulo", 2),
    ("Japan", "Tokyo", 2),
    ("India", "unknown", 2),
]
# (url, medium, source, search term, weight)
REFERRERS = [
    ("https://api.video", "organic", "https://google.com", "video encoding hosting and delivery", 5),
    ("https://www.example-blog.com/post", "referral", "https://www.example-blog.com", "unknown", 3),
    ("https://twitter.com", "social", "https://twitter.com", "unknown", 2),
    ("unknown", "direct", "unknown", "unknown", 6),
]


def seed(conn: Connection, ctx: SeedContext) -> None:
    rng, now_ms = ctx.rng, int(ctx.now.timestamp()) * 1000
    n_streams, n_videos, n_sessions = SIZES[ctx.size]
    player_ids = seed_players(conn, ctx, now_ms)
    stream_rows = [_live_stream(ctx, now_ms, player_ids) for _ in range(n_streams)]
    conn.execute(live_streams.insert(), stream_rows)
    video_rows = [_video(ctx, now_ms, stream_rows, player_ids) for _ in range(n_videos)]
    conn.execute(videos.insert(), video_rows)
    seed_tracks(conn, ctx, video_rows, now_ms)

    session_rows: list[dict[str, Any]] = []
    timeline: list[dict[str, Any]] = []
    video_weights = [1.0 / (rank + 1) ** 0.7 for rank in range(n_videos)]
    # Every video and live stream is watched at least once, so every analytics screen has data.
    owners = [(row, False) for row in video_rows] + [(row, True) for row in stream_rows]
    for index in range(max(n_sessions, len(owners))):
        if index < len(owners):
            owner, live = owners[index]
        elif rng.random() < LIVE_SESSION_SHARE:
            owner, live = rng.choice(stream_rows), True
        else:
            owner, live = rng.choices(video_rows, video_weights)[0], False
        earliest = max(owner["published_at" if not live else "created_at"], now_ms - _ms(HISTORY))
        row, events = _session(rng, owner, live, earliest, now_ms)
        session_rows.append(row)
        timeline.extend(events)
    insert_sessions(conn, session_rows, timeline)
    seed_upload_tokens(conn, ctx)


def _ms(delta: timedelta) -> int:
    return int(delta.total_seconds() * 1000)


def _live_stream(ctx: SeedContext, now_ms: int, player_ids: list[str]) -> dict[str, Any]:
    rng = ctx.rng
    created = now_ms - rng.randint(_ms(HISTORY) + _ms(timedelta(days=1)), _ms(HISTORY * 2))
    return {
        "live_stream_id": new_id("li", rng),
        "name": f"{ctx.faker.city()} {rng.choice(['Live', 'Stream', 'Studio', 'Stage'])}",
        "stream_key": new_stream_key(rng),
        "record": rng.random() < 0.6,
        "public": rng.random() < 0.8,
        "player_id": rng.choice(player_ids) if rng.random() < 0.5 else None,
        "broadcasting": rng.random() < 0.3,
        "created_at": created,
        "updated_at": created + rng.randint(0, _ms(timedelta(days=30))),
    }


def _video(
    ctx: SeedContext, now_ms: int, streams: list[dict[str, Any]], player_ids: list[str]
) -> dict[str, Any]:
    rng, faker = ctx.rng, ctx.faker
    published = now_ms - rng.randint(_ms(timedelta(days=1)), _ms(HISTORY * 2))
    width, height, _ = rng.choices(RESOLUTIONS, [r[2] for r in RESOLUTIONS])[0]
    duration = rng.randint(30, 3600)
    keys = rng.sample(sorted(METADATA_VALUES), rng.randint(0, 3))
    recorded_from = rng.choice(streams) if streams and rng.random() < RECORDED_SHARE else None
    return {
        "video_id": new_id("vi", rng),
        "title": faker.catch_phrase(),
        "description": faker.sentence(nb_words=12),
        "public": rng.random() < 0.85,
        "panoramic": rng.random() < 0.05,
        "mp4_support": rng.random() < 0.8,
        "player_id": rng.choice(player_ids) if rng.random() < 0.4 else None,
        "tags": rng.sample(TAGS, rng.randint(0, 3)),
        "metadata": [{"key": key, "value": rng.choice(METADATA_VALUES[key])} for key in keys],
        "published_at": published,
        "updated_at": published + rng.randint(0, _ms(timedelta(days=2))),
        "live_stream_id": recorded_from["live_stream_id"] if recorded_from else None,
        "source_url": None,
        "ingest_status": "uploaded",
        # Roughly the bitrate of an HD H.264 upload.
        "filesize": duration * rng.randint(250_000, 1_000_000),
        "duration": duration,
        "width": width,
        "height": height,
    }


def audience(rng: random.Random) -> dict[str, Any]:
    """Where a session was watched from, on what, and how the viewer came: one draw each."""
    device, system, client, _ = rng.choices(PLATFORMS, [p[3] for p in PLATFORMS])[0]
    country, city, _ = rng.choices(PLACES, [p[2] for p in PLACES])[0]
    url, medium, source, term, _ = rng.choices(REFERRERS, [r[4] for r in REFERRERS])[0]
    return {
        "country": country,
        "city": city,
        "referrer_url": url,
        "referrer_medium": medium,
        "referrer_source": source,
        "referrer_search_term": term,
        "device_type": device[0],
        "device_vendor": device[1],
        "device_model": device[2],
        "os_name": system[0],
        "os_shortname": system[1],
        "os_version": system[2],
        "client_name": client[0],
        "client_version": client[1],
        "client_type": client[2],
    }


def _session(
    rng: random.Random, owner: dict[str, Any], live: bool, earliest_ms: int, now_ms: int
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    session_id = new_id("ps", rng)
    # Sessions last at most a few hours; all of them are over by the clock's now.
    loaded = rng.randint(earliest_ms, now_ms - _ms(timedelta(hours=4)))
    duration = None if live else owner["duration"]
    events, ended = player_timeline(rng, session_id, loaded, duration)
    row = {
        "session_id": session_id,
        "video_id": None if live else owner["video_id"],
        "live_stream_id": owner["live_stream_id"] if live else None,
        "loaded_at": loaded,
        "ended_at": ended,
        "metadata": [] if live else list(owner["metadata"]),
        **audience(rng),
    }
    return row, events


def player_timeline(
    rng: random.Random, session_id: str, loaded_ms: int, duration: int | None
) -> tuple[list[dict[str, Any]], int]:
    """`ready`, `play`, then watching broken by pauses and seeks, maybe an `end`; and when the
    session ended. `duration` is None for a live stream, whose playhead only moves forward."""
    clock = loaded_ms + rng.randint(200, 3000)
    playhead = 0
    events = [_event(session_id, 0, "ready", clock, at=0)]
    clock += rng.randint(500, 10_000)
    events.append(_event(session_id, 1, "play", clock, at=playhead))
    for _ in range(rng.randint(0, 6)):
        watched = rng.randint(5, 600)
        if duration is not None:
            watched = min(watched, duration - playhead)
        clock += watched * 1000
        playhead += watched
        if duration is not None and playhead >= duration:
            break
        action = rng.random()
        if action < 0.5 or duration is None:
            events.append(_event(session_id, len(events), "pause", clock, at=playhead))
            clock += rng.randint(2_000, 300_000)
            events.append(_event(session_id, len(events), "resume", clock, at=playhead))
        elif action < 0.8 or playhead == 0:
            target = rng.randint(playhead + 1, duration)
            events.append(_event(session_id, len(events), "seek.forward", clock, start=playhead, end=target))
            playhead = target
        else:
            target = rng.randint(0, playhead)
            events.append(_event(session_id, len(events), "seek.backward", clock, start=playhead, end=target))
            playhead = target
        clock += rng.randint(100, 2000)
    if duration is not None and (playhead >= duration or rng.random() < 0.4):
        clock += max(duration - playhead, 0) * 1000
        events.append(_event(session_id, len(events), "end", clock, at=duration))
    ended = clock + rng.randint(100, 5000)
    return events, ended


def _event(
    session_id: str,
    position: int,
    kind: str,
    emitted_ms: int,
    at: int | None = None,
    start: int | None = None,
    end: int | None = None,
) -> dict[str, Any]:
    return {
        "session_id": session_id,
        "position": position,
        "type": kind,
        "emitted_at": emitted_ms,
        "at": at,
        "from_second": start,
        "to_second": end,
    }
