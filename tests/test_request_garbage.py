"""A served request is freed when it ends. A reference cycle through its scope (a layer keeping
the server's `send`, a callback kept by what it closes over) holds the request, its buffers and
the server's request cycle until the garbage collector's full pass. Those passes then grow with
the load and stall every request in flight: the tail latency a client sees under load."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from conftest import NOW
from faults_support import READS, admin, read
from vidmock.testing import running


@pytest.fixture(scope="module")
def mock():
    with running(now=NOW, live=True) as served:
        yield served


@contextmanager
def left_for_the_collector() -> Iterator[list]:
    """Holds the collector off for the block; then fills the list it yields with what only the
    collector could free (objects in reference cycles)."""
    gc.collect()
    gc.disable()
    found: list = []
    try:
        yield found
    finally:
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        found.extend(gc.garbage)
        gc.garbage.clear()
        gc.set_debug(0)
        gc.enable()


SERVER_SIDE = ("vidmock.", "uvicorn.", "starlette.", "connexion.")


def server_side(objects: list) -> list:
    """What of `objects` the server made for a request: a scope, or anything of the server's
    packages (the test's own HTTP client makes cycles of its own, which are not looked at)."""
    found = []
    for item in objects:
        module = getattr(item, "__module__", None) or type(item).__module__
        if (isinstance(item, dict) and item.get("type") == "http" and "path" in item) or (
            isinstance(module, str) and module.startswith(SERVER_SIDE)
        ):
            found.append(item)
    return found


def requests_of_every_kind(mock, plain: httpx.Client) -> None:
    # Twice each, on one connection: the server replaces the connection's request cycle.
    for key in READS:
        assert read(mock, key).status_code == 200
        assert read(mock, key).status_code == 200
    assert read(mock, "apivideo", Authorization="Bearer wrong").status_code == 401
    refused = mock.client("ibm-analytics").get("/views", params={"date_time_from": "yesterday"})
    assert refused.status_code == 400
    assert plain.get("/no/such/route").status_code == 404
    written = mock.client("jtv").put(
        "/metax/3.0/ui/user/stat/garbage@example.org",
        params={"isDelta": "true"},
        json={"favorites": [], "view_data": [{"asset_id": "a1", "play_count": 1, "view_time": 30}]},
    )
    assert written.status_code == 200, written.text
    assert plain.get("/__admin/requests", params={"limit": 1}).status_code == 200


def test_served_requests_of_every_kind_leave_nothing_for_the_collector(mock):
    with httpx.Client(base_url=mock.url, timeout=30) as plain:
        requests_of_every_kind(mock, plain)  # what the first requests build once, before looking
        with left_for_the_collector() as garbage:
            requests_of_every_kind(mock, plain)
    assert server_side(garbage) == []


def test_a_dropped_connection_leaves_no_request_for_the_collector(mock):
    with admin(mock) as control:
        rule = control.post("/faults", json={"match": {"api": "nomad"}, "drop": True})
        assert rule.status_code == 201, rule.text
        try:
            with pytest.raises(httpx.RemoteProtocolError):
                read(mock, "nomad")
            with left_for_the_collector() as garbage:
                for _ in range(2):
                    with pytest.raises(httpx.RemoteProtocolError):
                        read(mock, "nomad")
        finally:
            control.delete("/faults")
    assert server_side(garbage) == []
