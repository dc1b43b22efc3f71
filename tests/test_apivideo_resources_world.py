"""The seeded api.video world and scenarios hold players, captions and chapters whose files
are served and travel in export/import."""

from __future__ import annotations

import webvtt

from apivideo_tracks import served_path
from apivideo_world import API, DEV
from conftest import make_app


def listed(client, path: str) -> list[dict]:
    return client.get(f"{API}{path}", headers=DEV, params={"pageSize": 100}).json()["data"]


def test_seeded_videos_and_live_streams_use_seeded_players(client):
    players = {p["playerId"] for p in listed(client, "/players")}
    assert len(players) == 2  # the small world
    used = {v.get("playerId") for v in listed(client, "/videos") + listed(client, "/live-streams")}
    assert used - {None} and used - {None} <= players
    logos = [p for p in listed(client, "/players") if "assets" in p]
    assert len(logos) == 1
    assert client.get(served_path(logos[0]["assets"]["logo"])).headers["content-type"] == "image/png"


def test_seeded_captions_and_chapters_are_valid_webvtt_with_at_most_one_default(client):
    seen = 0
    for video in listed(client, "/videos"):
        captions = listed(client, f"/videos/{video['videoId']}/captions")
        chapters = listed(client, f"/videos/{video['videoId']}/chapters")
        assert sum(c["default"] for c in captions) <= 1
        for track in captions + chapters:
            served = client.get(served_path(track["src"]))
            cues = webvtt.from_string(served.text).captions
            assert served.headers["content-type"] == "text/vtt" and cues
            assert all(
                cue.start_in_seconds <= cue.end_in_seconds <= video_length(client, video) for cue in cues
            )
            seen += 1
    assert seen > 0


def video_length(client, video: dict) -> int:
    return client.get(f"{API}/videos/{video['videoId']}/status", headers=DEV).json()["encoding"]["metadata"][
        "duration"
    ]


def test_files_travel_in_export_and_import(client):
    video = listed(client, "/videos")[0]["videoId"]
    upload = client.post(
        f"{API}/videos/{video}/captions/it",
        headers=DEV,
        files={"file": ("it.vtt", b"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nCiao\n", "text/vtt")},
    )
    snapshot = client.get("/__admin/export").json()
    other = make_app(seed=9).test_client()
    assert other.post("/__admin/import", json=snapshot).status_code == 200
    assert other.get(served_path(upload.json()["src"])).content.endswith(b"Ciao\n")
    assert other.get("/__admin/export").json()["tables"] == snapshot["tables"]


def test_the_shipped_scenario_of_captions_and_players():
    client = make_app(scenario="apivideo-captions-and-players").test_client()
    captions = listed(client, "/videos/viCAPTIONEDVIDEO000001/captions")
    assert [(c["srclang"], c["default"]) for c in captions] == [("en", True), ("fr", False)]
    assert (
        client.get(served_path(captions[1]["src"])).text
        == "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nBienvenue.\n"
    )
    chapters = listed(client, "/videos/viCAPTIONEDVIDEO000001/chapters")
    assert [c["language"] for c in chapters] == ["en"]
    branded = client.get(f"{API}/players/plBRANDEDPLAYER0000001", headers=DEV).json()
    assert branded["link"] == "rgba(255, 0, 0, .95)" and branded["assets"]["link"] == "https://example.com"
    assert client.get(served_path(branded["assets"]["logo"])).status_code == 200
    client.delete(f"{API}/players/plBRANDEDPLAYER0000001", headers=DEV)
    assert "playerId" not in client.get(f"{API}/videos/viCAPTIONEDVIDEO000001", headers=DEV).json()
