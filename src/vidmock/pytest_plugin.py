"""pytest plugin (entry point `pytest11`): the `vidmock` fixture, a fresh world per test: one
mock per test session (per xdist worker), and a new tenant of it (vidmock.tenants) per test.

    @pytest.mark.vidmock(seed=7, size="small", live=True, scenario=None)
    def test_my_client(vidmock):
        vidmock.client("apivideo").post("/videos", json={"title": "x"})
        assert vidmock.count(api="apivideo", body={"/title": "x"}) == 1

The marker is optional; its seed, size, now, scenario and live become the tenant's; any other
keyword (a `Config` field such as `api`) gets the test a mock of its own
(`vidmock.testing.running`). Imports are deferred to the fixture, so merely having vidmock
installed costs a test run nothing."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "vidmock(seed=1, size='small', now=None, live=False, scenario=None): configure the vidmock fixture",
    )


@pytest.fixture(scope="session")
def vidmock_session() -> Iterator[Any]:
    """The session's one mock (one per xdist worker), built when a test first asks for it."""
    # Connexion 3 imports jsonschema's deprecated RefResolver at import time: the user's test
    # output is theirs, not a place for our dependencies' warnings.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from vidmock.testing import Session

    session = Session()
    yield session
    session.close()


@pytest.fixture
def vidmock(request: pytest.FixtureRequest, vidmock_session: Any) -> Iterator[Any]:
    marker = request.node.get_closest_marker("vidmock")
    options = dict(marker.kwargs) if marker else {}
    with vidmock_session.tenant(**options) as mock:
        yield mock
