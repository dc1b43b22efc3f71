"""Fixtures of the JTV tests (loaded with `pytest_plugins`): a mock holding only a tiny catalogue."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from jtv_helpers import CATALOGUE
from vidmock.apis.jtv.tables import assets


@pytest.fixture
def jtv_app(empty_app):
    with empty_app.world.store.begin() as conn:
        conn.execute(insert(assets), CATALOGUE)
    return empty_app


@pytest.fixture
def jtv(jtv_app):
    return jtv_app.test_client()
