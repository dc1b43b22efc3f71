"""The seeded upload tokens and uploaded videos, and a snapshot carrying tokens, uploads and
their bytes from one mock to another."""

from __future__ import annotations

from starlette.testclient import TestClient

from apivideo_uploads import API, DEV, SAMPLE, mock, new_video, send, source_of, store
from conftest import make_app
from vidmock.apis.apivideo.media import probe

__all__ = ["mock"]


def test_the_seeded_world_has_live_tokens_and_playable_videos():
    client = TestClient(make_app())
    tokens = client.get(f"{API}/upload-tokens", headers=DEV).json()["data"]
    assert len(tokens) == 3 and [t["ttl"] for t in tokens] == [0, 86_400, 3_600]
    again = TestClient(make_app()).get(f"{API}/upload-tokens", headers=DEV).json()["data"]
    assert again == tokens  # same seed, same tokens
    upload = client.post(
        f"{API}/upload", params={"token": tokens[0]["token"]}, files={"file": ("a.mp4", SAMPLE, "video/mp4")}
    )
    assert upload.status_code == 201
    listed = client.get(f"{API}/videos", headers=DEV, params={"pageSize": 100}).json()["data"]
    seeded = next(video for video in listed if "mp4" in video["assets"])
    status = client.get(f"{API}/videos/{seeded['videoId']}/status", headers=DEV).json()
    assert status["ingest"]["status"] == "uploaded" and status["encoding"]["playable"] is True
    # Seeded videos have no bytes in the store: their MP4 is the generated sample (4 s).
    media = probe.probe(client.get(seeded["assets"]["mp4"]).content)
    assert (media["videoCodec"], round(media["durationMs"] / 1000)) == ("h264", 4)


def test_a_snapshot_carries_tokens_uploads_and_bytes(mock):
    token = mock.post(f"{API}/upload-tokens", headers=DEV, json={"ttl": 600}).json()["token"]
    video_id = new_video(mock)
    assert send(mock, video_id, SAMPLE).status_code == 201
    snapshot = store(mock)
    other = TestClient(make_app())
    assert other.post("/__admin/import", json=snapshot).status_code == 200
    assert other.get(f"{API}/upload-tokens/{token}", headers=DEV).status_code == 200
    assert source_of(other, video_id) == SAMPLE
    moved = other.get(f"{API}/videos/{video_id}/status", headers=DEV).json()
    assert moved == mock.get(f"{API}/videos/{video_id}/status", headers=DEV).json()
