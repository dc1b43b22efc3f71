"""A seeded world under a frozen clock is kept as a file in the cache folder and copied from it
at the next start (vidmock.storage.world_files): the copy answers byte for byte what a fresh
seeding answers, and a world seeded around the wall clock is never kept."""

from __future__ import annotations

from datetime import datetime

import pytest

from conftest import DEV, IBM, NOW, make_app
from vidmock.storage import world_files

SUMMARY = (
    IBM + "/total-views/summary",
    {"date_time_from": "2026-10-01T00:00:00Z", "date_time_to": NOW.isoformat()},
)
VIEWS = (
    IBM + "/views",
    {"date_time_from": "2026-10-01T00:00:00Z", "date_time_to": NOW.isoformat(), "_limit": 20},
)


def answers(app) -> list[bytes]:
    client = app.test_client()
    export = client.get("/__admin/export").content
    return [export] + [
        client.get(path, params=params, headers=DEV).content for path, params in (SUMMARY, VIEWS)
    ]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("VIDMOCK_CACHE_DIR", str(tmp_path))
    return tmp_path / world_files.FOLDER


def test_the_first_start_keeps_the_world_and_the_next_copies_it(cache):
    seeded = answers(make_app(seed=7))
    kept = world_files.world_file(7, "small", NOW)
    assert kept.is_file()
    assert list(cache.iterdir()) == [kept]
    copied = answers(make_app(seed=7))
    assert copied == seeded
    assert b'"data": [{' in copied[2]  # not equal because empty


def test_a_kept_file_is_what_is_read(cache):
    make_app(seed=7)
    # Another world's file in its place: a start reads the file rather than seeding again.
    other = make_app(seed=8).world.store
    world_files.keep(other, world_files.world_file(7, "small", NOW))
    assert answers(make_app(seed=7))[1:] == answers(make_app(seed=8))[1:]


def test_seeding_another_world_over_a_served_one_drops_its_read_models(cache):
    make_app(seed=8)  # its file, so the reseed below copies it
    app = make_app(seed=7)
    client = app.test_client()
    before = client.get(SUMMARY[0], params=SUMMARY[1], headers=DEV).json()
    assert client.post("/__admin/seed", json={"seed": 8}).status_code == 200
    after = client.get(SUMMARY[0], params=SUMMARY[1], headers=DEV).json()
    assert after == make_app(seed=8).test_client().get(SUMMARY[0], params=SUMMARY[1], headers=DEV).json()
    assert after != before


def test_a_world_around_the_wall_clock_is_not_kept(cache):
    make_app(seed=7, now=None)
    assert not cache.exists() or not list(cache.iterdir())


def test_an_unwritable_cache_folder_still_seeds(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("VIDMOCK_CACHE_DIR", str(blocker))
    assert answers(make_app(seed=7)) == answers(make_app(seed=7))


def test_files_of_other_code_and_beyond_the_newest_are_removed(cache, monkeypatch):
    cache.mkdir(parents=True)
    (cache / "0123456789ab-small-1-old.sqlite").write_bytes(b"")
    monkeypatch.setattr(world_files, "KEEP_FILES", 2)
    for seed in (1, 2, 3):
        make_app(seed=seed)
    names = sorted(path.name for path in cache.iterdir())
    assert names == sorted(world_files.world_file(seed, "small", NOW).name for seed in (2, 3))


def test_the_file_is_named_by_seed_size_and_instant(cache):
    other_instant = datetime(2026, 1, 1, tzinfo=NOW.tzinfo)
    names = {
        world_files.world_file(7, "small", NOW),
        world_files.world_file(8, "small", NOW),
        world_files.world_file(7, "medium", NOW),
        world_files.world_file(7, "small", other_instant),
    }
    assert len(names) == 4
