"""Concurrent isDelta=true ingests for different assets of one subscriber, sent over real
sockets to a live server on 127.0.0.1: every one of them survives (no lost update)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from jtv_helpers import BEARER, SUB, row, stored
from live import serving

pytestmark = pytest.mark.also_on_postgresql

pytest_plugins = ["jtv_fixtures"]

WRITERS = 16  # bounded: one thread and one connection each


def run_together(url: str, count: int, send) -> list[int]:
    """Call `send(i, client)` from `count` threads released at once; their status codes."""
    gate = threading.Barrier(count, timeout=10)

    def one(i: int) -> int:
        with httpx.Client(timeout=10, headers=BEARER) as client:
            client.get(url + "/__admin/health")  # connect before the gate opens
            gate.wait()
            return send(i, client).status_code

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


def test_concurrent_delta_ingests_for_different_assets_all_survive(jtv, jtv_app):
    # One asset the subscriber had before: nobody mentions it, so it must stay as it was.
    jtv.put(
        f"/jtv/metax/3.0/ui/user/stat/{SUB}",
        json={"favorites": ["6149"], "view_data": [{"asset_id": "6149", "play_count": 7}]},
        headers=BEARER,
    )
    with serving(jtv_app) as url:
        statuses = run_together(
            url,
            WRITERS,
            lambda i, client: client.put(
                f"{url}/jtv/metax/3.0/ui/user/stat/{SUB}",
                params={"isDelta": "true"},
                json={"view_data": [{"asset_id": f"A{i}", "play_count": i + 1, "pause_time": 10 + i}]},
            ),
        )
    assert statuses == [200] * WRITERS
    expected = {f"A{i}": row(play_count=i + 1, pause_time_ms=(10 + i) * 1000) for i in range(WRITERS)}
    assert stored(jtv_app) == {"favorites": ["6149"], "activity": {"6149": row(play_count=7), **expected}}


def test_concurrent_favorite_adds_all_land_once_each(jtv, jtv_app):
    with serving(jtv_app) as url:
        statuses = run_together(
            url, WRITERS, lambda i, client: client.put(f"{url}/jtv/metax/2.1/activity/fav/{SUB}/F{i}")
        )
    assert statuses == [200] * WRITERS
    favorites = stored(jtv_app)["favorites"]
    assert sorted(favorites) == sorted(f"F{i}" for i in range(WRITERS))
