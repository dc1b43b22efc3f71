"""What the api.video caption, chapter and player tests share: WebVTT samples, uploads, the
whole store for before/after comparisons."""

from __future__ import annotations

from typing import Any

from apivideo_world import API, DEV

HELLO_VTT = b"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHello\n\n00:00:02.500 --> 00:00:04.000\nWorld\n"
BONJOUR_VTT = b"WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nBonjour\n"
CHAPTERS_VTT = (
    b"WEBVTT\n\n1\n00:00:00.000 --> 00:01:00.000\nIntroduction\n\n2\n00:01:00.000 --> 00:02:00.000\nDemo\n"
)


def upload(client, video_id: str, kind: str, language: str, data: bytes, name: str = "track.vtt"):
    return client.post(
        f"{API}/videos/{video_id}/{kind}/{language}", headers=DEV, files={"file": (name, data, "text/vtt")}
    )


def store(client) -> dict[str, Any]:
    """Every table of the store (the clock is frozen, so an unchanged store reads the same)."""
    response = client.get("/__admin/export")
    assert response.status_code == 200
    return response.json()["tables"]


def served_path(src: str) -> str:
    """A `src` on the test client's host, as a path the client can request."""
    assert src.startswith("http://testserver/apivideo/"), src
    return src.removeprefix("http://testserver")
