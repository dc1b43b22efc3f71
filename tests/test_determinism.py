"""The same seed and size give byte-identical answers; another seed gives another world."""

from __future__ import annotations

from conftest import DEV, IBM, make_app

CALLS = [
    (
        "/views",
        {"date_time_from": "2026-08-26T00:00:00", "date_time_to": "2026-11-24T04:00:00", "_limit": 50},
    ),
    (
        "/viewers",
        {"date_time_from": "2026-08-26T00:00:00", "date_time_to": "2026-11-24T04:00:00", "_limit": 20},
    ),
    ("/views/live", {"date_time_from": "2026-10-01T00:00:00Z", "date_time_to": "2026-11-24T12:00:00Z"}),
]


def bodies(app) -> list[bytes]:
    client = app.test_client()
    return [client.get(IBM + path, params=params, headers=DEV).content for path, params in CALLS]


def test_same_seed_same_bytes(tmp_path, monkeypatch):
    # A cache folder that cannot be made: both worlds are seeded, neither copied from a file
    # the other left (tests/test_world_files.py compares a copy with a seeding).
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("VIDMOCK_CACHE_DIR", str(tmp_path / "file"))
    first, second = bodies(make_app(seed=42)), bodies(make_app(seed=42))
    assert first == second
    assert all(b'"data": [{' in body for body in first)  # not trivially equal because empty


def test_another_seed_another_world():
    assert bodies(make_app(seed=42)) != bodies(make_app(seed=43))
