"""A mock in-process or served on a loopback port, with a client at its root that sends no
credentials of its own: the journal tests run the same requests against both."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from starlette.testclient import TestClient

from conftest import NOW
from vidmock.testing import Mock, running


@contextmanager
def mock_and_client(mode: str, **config) -> Iterator[tuple[Mock, httpx.Client]]:
    with running(now=NOW, live=mode == "live", validate_responses=True, **config) as mock:
        client = (
            httpx.Client(base_url=mock.url, timeout=30)
            if mock.url
            else TestClient(mock.app, base_url="http://testserver")
        )
        with client:
            yield mock, client
