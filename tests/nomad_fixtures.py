"""Hand-built Nomad worlds: named users, assets and tracking records with plain defaults."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from vidmock.apis.nomad.accounts import DEV_USER_ID
from vidmock.apis.nomad.tables import assets, tracking, users
from vidmock.apis.nomad.tracking import record_id

NOMAD = "/nomad/api"
DEV = {"Authorization": "Bearer dev-token"}
DELETE = f"{NOMAD}/admin/user/userVideoTracking/delete"


def nid(name: str) -> str:
    """The id a hand-built user, asset or content item called `name` gets."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"nomad/{name}"))


def user(name: str, password: str = "secret", **fields: Any) -> dict[str, Any]:
    row = {
        "id": DEV_USER_ID if name == "dev" else nid(name),
        "user_name": f"{name}@example.com",
        "password": password,
        "first_name": name.title(),
        "last_name": "Example",
        "is_admin": False,
    }
    row.update(fields)
    return row


def asset(
    name: str, content: str | None = None, seconds: float = 600.0, live: bool = False
) -> dict[str, Any]:
    return {
        "id": nid(name),
        "content_id": nid(content) if content else None,
        "title": name.title(),
        "total_seconds": seconds,
        "is_live_stream": live,
    }


def record(who: str, what: str, content: str | None = None, **fields: Any) -> dict[str, Any]:
    """A started, unfinished tracking record of user `who` (or "dev") on asset `what`."""
    user_id = DEV_USER_ID if who == "dev" else nid(who)
    row = {
        "id": record_id(user_id, None, nid(what)),
        "user_id": user_id,
        "profile_id": None,
        "asset_id": nid(what),
        "content_id": nid(content) if content else None,
        "video_tracking_attribute": "Undefined",
        "is_first_quartile": False,
        "is_mid_point": False,
        "is_third_quartile": False,
        "is_complete": False,
        "is_hidden": False,
        "is_live_stream": False,
        "max_second": 100.0,
        "last_second": 100.0,
        "total_seconds": 600.0,
        "last_beacon_date": "2026-11-20T10:00:00.000Z",
        "key_name": None,
    }
    row.update(fields)
    return row


@pytest.fixture
def nomad_world(empty_app) -> Callable[..., None]:
    def add(*rows: dict[str, Any]) -> None:
        tables = {"user_name": users, "title": assets, "asset_id": tracking}
        with empty_app.world.store.begin() as conn:
            for row in rows:
                table = next(t for key, t in tables.items() if key in row)
                conn.execute(table.insert().values(**row))

    return add


@pytest.fixture
def stored(empty_app) -> Callable[[], dict[str, dict[str, Any]]]:
    """Every tracking record in the store, by id."""

    def read() -> dict[str, dict[str, Any]]:
        with empty_app.world.store.begin() as conn:
            return {r["id"]: dict(r) for r in conn.execute(select(tracking)).mappings()}

    return read
