"""pytest plugin (entry point `pytest11`): the `vidmock` fixture, a fresh mock per test.

    @pytest.mark.vidmock(seed=7, size="small", live=True, scenario=None)
    def test_my_client(vidmock):
        vidmock.client("apivideo").post("/videos", json={"title": "x"})
        assert vidmock.count(api="apivideo", body={"/title": "x"}) == 1

The marker is optional; its keywords go to `vidmock.testing.running`. Imports are deferred to
the fixture, so merely having vidmock installed costs a test run nothing."""

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


@pytest.fixture
def vidmock(request: pytest.FixtureRequest) -> Iterator[Any]:
    # Connexion 3 imports jsonschema's deprecated RefResolver at import time: the user's test
    # output is theirs, not a place for our dependencies' warnings.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from vidmock.testing import running

    marker = request.node.get_closest_marker("vidmock")
    options = dict(marker.kwargs) if marker else {}
    with running(**options) as mock:
        yield mock
