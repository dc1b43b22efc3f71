from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from vidmock.apis.ibm_analytics.segments import insert_segments
from vidmock.app import create_app
from vidmock.config import Config

# Every test world is built around this instant unless it says otherwise.
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
DEV = {"Authorization": "dev-token"}
IBM = "/ibm-analytics/v1"


def make_app(**overrides: Any):
    return create_app(Config(**{"now": NOW, "size": "small", "validate_responses": True, **overrides}))


@pytest.fixture
def app():
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def empty_app():
    """A mock whose store holds nothing, for worlds built by hand."""
    built = make_app()
    with built.world.store.begin() as conn:
        built.world.store.clear(conn)
    return built


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
