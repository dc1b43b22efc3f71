"""A seeded world is kept as a file in the cache folder and copied from it at the next start
(vidmock.storage.world_files), moved to that start's instant (vidmock.storage.instants): the
copy answers byte for byte what a fresh seeding at that instant answers."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

import vidmock.clock
from conftest import DEV, IBM, NOW, make_app
from vidmock.storage import world_files
from vidmock.storage.store import metadata

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
    world_files.keep(other, 7, "small", NOW)
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


def rows(app) -> dict[str, list[tuple]]:
    """Every row of every table of the app's world, in one order."""
    with app.world.store.engine.connect() as conn:
        return {
            t.name: sorted(map(tuple, conn.execute(t.select())), key=repr) for t in metadata.sorted_tables
        }


def seeded_afresh(tmp_path, monkeypatch, now: datetime) -> dict[str, list[tuple]]:
    """The rows of a world seeded at `now` with no kept file to read."""
    with monkeypatch.context() as patch:
        patch.setenv("VIDMOCK_CACHE_DIR", str(tmp_path / "nowhere" / "file"))
        (tmp_path / "nowhere").mkdir(exist_ok=True)
        (tmp_path / "nowhere" / "file").write_text("not a folder")
        return rows(make_app(seed=7, now=now))


def test_a_kept_world_moved_to_another_instant_is_the_world_seeded_there(cache, tmp_path, monkeypatch):
    seeded_at = datetime(2026, 3, 10, 8, 0, 0, tzinfo=NOW.tzinfo)
    # Days, hours, minutes and seconds apart, in the same year: every instant column moves.
    later = seeded_at + timedelta(days=41, hours=5, minutes=7, seconds=11)
    make_app(seed=7, now=seeded_at)
    moved = rows(make_app(seed=7, now=later))
    assert [path.name for path in cache.iterdir()] == [world_files.world_file(7, "small", seeded_at).name]
    afresh = seeded_afresh(tmp_path, monkeypatch, later)
    assert moved == afresh
    assert moved != seeded_afresh(tmp_path, monkeypatch, seeded_at)
    for table in ("apivideo_sessions", "ibm_segments", "jtv_activity", "nomad_tracking", "syngrafii_videos"):
        assert moved[table], table  # seeded, so compared


class _Wall(datetime):
    """The wall clock, where the test says it is."""

    at: datetime

    @classmethod
    def now(cls, tz=None):
        return cls.at


def test_a_world_around_the_running_clock_is_kept_and_moved_to_the_next_start(cache, tmp_path, monkeypatch):
    monkeypatch.setattr(vidmock.clock, "datetime", _Wall)
    _Wall.at = datetime(2026, 3, 10, 8, 0, 0, 250_000, tzinfo=NOW.tzinfo)
    make_app(seed=7, now=None)
    assert len(list(cache.iterdir())) == 1
    _Wall.at += timedelta(days=3, hours=1, seconds=7.9)
    moved = rows(make_app(seed=7, now=None))
    assert len(list(cache.iterdir())) == 1  # read, not seeded and kept again
    # Seeded at the whole second the running clock stood in.
    assert moved == seeded_afresh(tmp_path, monkeypatch, _Wall.at.replace(microsecond=0))


def test_another_year_or_a_fraction_of_a_second_is_seeded_and_kept_apart(cache):
    make_app(seed=7)
    next_year = NOW.replace(year=NOW.year + 1)
    fraction = NOW.replace(microsecond=5)
    make_app(seed=7, now=next_year)
    make_app(seed=7, now=fraction)
    make_app(seed=7, now=fraction + timedelta(seconds=1))
    assert sorted(path.name for path in cache.iterdir()) == sorted(
        world_files.world_file(7, "small", at).name
        for at in (NOW, next_year, fraction, fraction + timedelta(seconds=1))
    )


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


def test_the_file_is_named_by_seed_size_year_and_second(cache):
    names = {
        world_files.world_file(7, "small", NOW),
        world_files.world_file(8, "small", NOW),
        world_files.world_file(7, "medium", NOW),
        world_files.world_file(7, "small", NOW + timedelta(days=1)),
        world_files.world_file(7, "small", NOW.replace(year=2025)),
    }
    assert len(names) == 5
    stems = {path.name.split("@")[0] for path in names}
    assert len(stems) == 4  # a day later in the same year: the same world, moved
