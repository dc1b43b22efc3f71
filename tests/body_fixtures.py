"""Fixtures of the request-body tests: a seeded store read once, and a fresh mock per test."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from body_writes import make_client, store


@pytest.fixture(scope="module")
def seeded() -> dict[str, Any]:
    """The store of a freshly seeded mock, read once for the ids the writes use."""
    return store(make_client())


@pytest.fixture
def client() -> TestClient:
    return make_client()
