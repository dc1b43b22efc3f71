"""What api.video's upload tests share: a fresh mock, a video to upload to, one request of a
file (whole or a chunk), the whole store to compare before and after a refusal."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from conftest import make_app
from media_clips import clip
from vidmock.storage import blobs

API = "/apivideo"
DEV = {"Authorization": "Bearer dev-token"}
SAMPLE = clip(2, 320, 240, 12)  # 320x240, 2 s, 12 fps, H.264/AAC: 25 084 bytes


@pytest.fixture
def mock() -> TestClient:
    """A mock with an empty store (quick to export whole)."""
    app = make_app()
    with app.world.store.begin() as conn:
        app.world.store.clear(conn)
    return TestClient(app, raise_server_exceptions=False)


def new_video(client: TestClient, **fields: Any) -> str:
    response = client.post(f"{API}/videos", headers=DEV, json={"title": "Upload", **fields})
    assert response.status_code == 201, response.text
    return response.json()["videoId"]


def send(client: TestClient, video_id: str, data: bytes, content_range: str | None = None, name="clip.mp4"):
    headers = dict(DEV)
    if content_range is not None:
        headers["Content-Range"] = content_range
    files = {"file": (name, data, "video/mp4")}
    return client.post(f"{API}/videos/{video_id}/source", headers=headers, files=files)


def in_chunks(data: bytes, size: int) -> list[tuple[int, bytes]]:
    return [(start, data[start : start + size]) for start in range(0, len(data), size)]


def store(client: TestClient) -> dict[str, Any]:
    response = client.get("/__admin/export")
    assert response.status_code == 200
    return response.json()


def advance(client: TestClient, duration: str) -> None:
    assert client.put("/__admin/clock", json={"advance": duration}).status_code == 200


def assert_error(response, status: int, name: str) -> dict:
    body = response.json()
    assert response.status_code == status, body
    assert body["name"] == name and body["status"] == status
    assert body["type"].startswith("https://docs.api.video/docs/")
    if status == 400:
        assert body["problems"][0]["name"] == name
    return body


def source_of(mock: TestClient | Any, video_id: str) -> bytes:
    """The bytes the mock keeps as the video's source (what was uploaded, put together); `mock`
    is a test client or the app it drives."""
    world = mock.app.world if isinstance(mock, TestClient) else mock.world
    with world.store.begin() as conn:
        return blobs.get(conn, f"apivideo/{video_id}/source").data
