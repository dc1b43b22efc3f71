"""The seeded players (one with a logo) and the captions and chapters of some videos: small
valid WebVTT files drawn from the seeding random stream, so a seed always gives the same bytes."""

from __future__ import annotations

import itertools
import random
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from vidmock.apis.apivideo.tracks.domain import VTT, blob_id
from vidmock.apis.apivideo.tracks.tables import captions, chapters
from vidmock.storage import blobs
from vidmock.vendor import SeedContext

if TYPE_CHECKING:
    from faker import Faker

CAPTIONED_SHARE, CHAPTERED_SHARE = 0.35, 0.25
LANGUAGES = ["en", "fr", "de", "es", "pt-BR", "ja"]
DAY_MS = 86_400_000


def seed_tracks(conn: Connection, ctx: SeedContext, video_rows: list[dict[str, Any]], now_ms: int) -> None:
    """Captions (one of them the default when there are several) and chapters of some videos."""
    rng = ctx.rng
    caption_rows, chapter_rows = [], []
    for video in video_rows:
        added = min(video["updated_at"] + rng.randint(0, DAY_MS), now_ms)
        if rng.random() < CAPTIONED_SHARE:
            languages = sorted(rng.sample(LANGUAGES, rng.randint(1, 3)))
            default = rng.choice(languages) if rng.random() < 0.5 else None
            for language in languages:
                caption_rows.append(
                    {"video_id": video["video_id"], "language": language, "is_default": language == default}
                )
                caption_rows[-1]["created_at"] = added
                data = caption_vtt(rng, ctx.faker, video["duration"] or 60)
                blobs.put(conn, blob_id(video["video_id"], "captions", language), data, VTT, added)
        if rng.random() < CHAPTERED_SHARE:
            language = rng.choice(LANGUAGES[:3])
            chapter_rows.append({"video_id": video["video_id"], "language": language, "created_at": added})
            data = chapter_vtt(rng, ctx.faker, video["duration"] or 60)
            blobs.put(conn, blob_id(video["video_id"], "chapters", language), data, VTT, added)
    if caption_rows:
        conn.execute(captions.insert(), caption_rows)
    if chapter_rows:
        conn.execute(chapters.insert(), chapter_rows)


def caption_vtt(rng: random.Random, faker: Faker, duration: int) -> bytes:
    """A WebVTT file of 2 to 6 short cues, each in its own slice of the video's `duration` seconds."""
    count = rng.randint(2, 6)
    slice_s = duration / count
    cues = []
    for index in range(count):
        start = index * slice_s + rng.uniform(0, slice_s / 2)
        # A spoken line lasts a few seconds, never past its slice.
        length = rng.uniform(min(1.0, slice_s / 2), min(6.0, slice_s / 2))
        cues.append((start, start + length, faker.sentence(nb_words=6)))
    return _vtt(cues)


def chapter_vtt(rng: random.Random, faker: Faker, duration: int) -> bytes:
    """A WebVTT file of 2 to 4 chapters splitting the video's `duration` seconds end to end."""
    inner = sorted(rng.uniform(0.2, 0.8) * duration for _ in range(rng.randint(1, 3)))
    cuts = [0.0, *inner, float(duration)]
    return _vtt([(a, b, faker.catch_phrase()) for a, b in itertools.pairwise(cuts) if b > a])


def _vtt(cues: list[tuple[float, float, str]]) -> bytes:
    lines = ["WEBVTT", ""]
    for number, (start, end, text) in enumerate(cues, 1):
        lines += [str(number), f"{_timestamp(start)} --> {_timestamp(end)}", text, ""]
    return "\n".join(lines).encode()


def _timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"
