"""Connexion's request object hands the attributes it lacks to the Starlette request it wraps
through `__getattr__`, which Python reaches only after raising and dropping an `AttributeError`
(a formatted message each time). vidmock's layers and handlers read every request through
`DirectRequest`, which has them: none of those lookups is left on a served request."""

from __future__ import annotations

import pytest
from connexion.lifecycle import ConnexionRequest

from conftest import NOW
from faults_support import READS, read
from vidmock.http.requests import DirectRequest
from vidmock.testing import running


@pytest.fixture(scope="module")
def mock():
    with running(now=NOW, live=True) as served:
        yield served


def test_a_request_of_every_vendor_reads_no_attribute_through_connexions_fallback(mock, monkeypatch):
    fallen_back: list[str] = []
    fallback = ConnexionRequest.__getattr__

    def noted(request: ConnexionRequest, name: str):
        fallen_back.append(name)
        return fallback(request, name)

    monkeypatch.setattr(ConnexionRequest, "__getattr__", noted)
    for key in READS:
        assert read(mock, key).status_code == 200
    assert fallen_back == []


def test_a_direct_request_reads_the_scope_and_headers_it_was_made_from():
    scope = {"type": "http", "method": "GET", "path": "/", "headers": [(b"authorization", b"Bearer t")]}
    request = DirectRequest(scope)
    assert request.scope is scope
    assert request.headers["Authorization"] == "Bearer t"
