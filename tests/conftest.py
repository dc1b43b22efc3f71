from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from postgres_server import PostgresServer
from vidmock.apis.ibm_analytics.domain.segments import insert_segments
from vidmock.app import create_app
from vidmock.config import Config

# Every test world is built around this instant unless it says otherwise.
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
DEV = {"Authorization": "dev-token"}
IBM = "/ibm-analytics/v1"
# The sample's renditions (vidmock.apis.apivideo.media.sample) are kept in the checkout's ignored
# cache, shared by the test processes, not in the user's home.
os.environ.setdefault("VIDMOCK_CACHE_DIR", str(Path(__file__).resolve().parents[1] / ".cache" / "vidmock"))
# `vidmock serve` processes the tests start announce themselves here, not where a developer's
# own mock is found by `vidmock seed` (vidmock.cli.discovery).
os.environ.setdefault("VIDMOCK_STATE_DIR", tempfile.mkdtemp(prefix="vidmock-state-"))


def make_app(**overrides: Any):
    return create_app(Config(**{"now": NOW, "size": "small", "validate_responses": True, **overrides}))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A module marked `also_on_postgresql` runs each of its tests that builds a mock twice:
    on SQLite in memory and on a fresh database of a throwaway PostgreSQL server."""
    if "db_url" in metafunc.fixturenames and metafunc.definition.get_closest_marker("also_on_postgresql"):
        backends = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]
        metafunc.parametrize("db_url", backends, indirect=True)


@pytest.fixture(scope="session")
def postgres_server():
    """One cluster per test process (per xdist worker), started on first use, removed at the end."""
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_world(postgres_server) -> str:
    """The URL of a database that a mock of `make_app()` created and seeded: copying it is
    several times cheaper than building the same tables and world again for every test."""
    url = postgres_server.database()
    make_app(db_url=url).world.store.dispose()
    return url


@pytest.fixture
def db_url(request: pytest.FixtureRequest):
    """Where the test's mock keeps its store: `sqlite://` unless parametrized to `file` (a
    SQLite file of its own) or `postgresql`, then a fresh copy of `postgres_world` (a mock
    finding it filled does not seed again)."""
    kind = getattr(request, "param", "sqlite")
    if kind == "sqlite":
        yield "sqlite://"
        return
    if kind == "file":
        yield f"sqlite:///{request.getfixturevalue('tmp_path') / 'store.db'}"
        return
    server = request.getfixturevalue("postgres_server")
    url = server.database(template=request.getfixturevalue("postgres_world"))
    yield url
    server.drop(url)


@pytest.fixture
def app(db_url):
    built = make_app(db_url=db_url)
    yield built
    built.world.store.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def empty_app(db_url):
    """A mock whose store holds nothing, for worlds built by hand."""
    built = make_app(db_url=db_url)
    with built.world.store.begin() as conn:
        built.world.store.clear(conn)
    yield built
    built.world.store.dispose()


@pytest.fixture
def empty_client(empty_app):
    return empty_app.test_client()


def sid(name: str) -> str:
    """The id a hand-built segment called `name` gets."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def segment(name: str, started_at: int, finished_at: int | None, **fields: Any) -> dict[str, Any]:
    """One IBM view segment with plain defaults; times are Unix seconds."""
    row = {
        "id": sid(name),
        "content_type": "recorded",
        "content_id": 1001,
        "started_at": started_at,
        "finished_at": finished_at,
        "from_position": 0,
        "to_position": 0,
        "client_id": "111",
        "view_session_id": "aaaa0000:bbbb0000",
        "viewer_identifier": None,
        "country": "HU",
        "region": "Budapest",
        "city": "Budapest",
        "is_mobile_view": False,
        "view_type": "onsite",
        "device_info": {
            "browser": {"family": "Chrome"},
            "os": {"family": "Linux"},
            "device": {"family": "Other"},
        },
    }
    row.update(fields)
    return row


@pytest.fixture
def add_segments(empty_app) -> Callable[..., None]:
    def add(*rows: dict[str, Any]) -> None:
        with empty_app.world.store.begin() as conn:
            insert_segments(conn, rows)

    return add
