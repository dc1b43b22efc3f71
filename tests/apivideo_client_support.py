"""api.video's official Python client, unchanged, connected to a mock on a loopback port."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from apivideo import AuthenticatedApiClient


@contextmanager
def connected(mock_url: str, chunk_size: int | None = None) -> Iterator[AuthenticatedApiClient]:
    """A client that traded the development API key for a token; `chunk_size` in bytes for its
    uploads (the client's default when None)."""
    client = AuthenticatedApiClient("dev-key")
    # The client points at ws.api.video; the mock serves api.video under /apivideo.
    client.configuration.host = f"{mock_url}/apivideo"
    if chunk_size is not None:
        client.configuration.chunk_size = chunk_size
    client.connect()
    try:
        yield client
    finally:
        client.close()
