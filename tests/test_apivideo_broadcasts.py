"""Live broadcasts started and stopped through the control API: the stream's `broadcasting`, the
events announced, the video a recording stream leaves, and the refusals that change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from apivideo_world import API, DEV, World, live_stream
from vidmock.apis.apivideo.media import encoder
from vidmock.apis.apivideo.videos.tables import videos
from vidmock.apis.apivideo.webhooks.outbox import outbox
from vidmock.storage.store import count_rows

RECORDING, PLAIN = "liRecording0000000000000", "liPlain00000000000000000"
BROADCAST = "/__admin/apivideo/live-streams/{}/broadcast"


@pytest.fixture
def world(empty_app) -> World:
    built = World(empty_app)
    built.add(
        streams=[
            live_stream(RECORDING, name="Friday keynote", record=True, public=False, player_id="pl1"),
            live_stream(PLAIN, name="Lobby camera"),
        ]
    )
    return built


def announced(app) -> list[tuple[str, dict, int, str]]:
    with app.world.store.begin() as conn:
        rows = conn.execute(select(outbox).order_by(outbox.c.event_id)).mappings()
        return [(r["type"], r["payload"], r["due_at"], r["subject_id"]) for r in rows]


def counts(app) -> tuple[int, int]:
    with app.world.store.begin() as conn:
        return count_rows(conn, outbox), count_rows(conn, videos)


NOON = 1_795_521_600_000  # 2026-11-24T12:00:00Z, the frozen test clock


def test_starting_a_broadcast_flips_the_stream_and_announces_it(world, empty_app, empty_client):
    answer = empty_client.post(BROADCAST.format(PLAIN))
    assert answer.status_code == 200
    assert answer.json() == {"liveStreamId": PLAIN, "broadcasting": True, "recordedVideoId": None}
    stream = empty_client.get(f"{API}/live-streams/{PLAIN}", headers=DEV).json()
    assert stream["broadcasting"] is True
    assert stream["updatedAt"] == "2026-01-01T00:00:00+00:00"  # not an update through the API
    payload = {
        "type": "live-stream.broadcast.started",
        "emittedAt": "2026-11-24T12:00:00.000Z",
        "liveStreamId": PLAIN,
    }
    assert announced(empty_app) == [("live-stream.broadcast.started", payload, NOON, PLAIN)]


def test_stopping_a_plain_stream_announces_the_end_and_records_nothing(world, empty_app, empty_client):
    empty_client.post(BROADCAST.format(PLAIN))
    empty_app.world.clock.advance(timedelta(minutes=5))
    answer = empty_client.delete(BROADCAST.format(PLAIN))
    assert answer.json() == {"liveStreamId": PLAIN, "broadcasting": False, "recordedVideoId": None}
    assert empty_client.get(f"{API}/live-streams/{PLAIN}", headers=DEV).json()["broadcasting"] is False
    ended = announced(empty_app)[-1]
    assert ended[0] == "live-stream.broadcast.ended" and ended[2] == NOON + 300_000
    assert ended[1]["emittedAt"] == "2026-11-24T12:05:00.000Z"
    assert counts(empty_app)[1] == 0


def test_a_recording_stream_leaves_a_video_as_long_as_the_broadcast(world, empty_app, empty_client):
    empty_client.post(BROADCAST.format(RECORDING))
    empty_app.world.clock.advance(timedelta(seconds=90))
    video_id = empty_client.delete(BROADCAST.format(RECORDING)).json()["recordedVideoId"]
    assert video_id.startswith("vi") and len(video_id) == 24

    video = empty_client.get(f"{API}/videos/{video_id}", headers=DEV).json()
    assert video["title"] == "Friday keynote" and video["public"] is False and video["playerId"] == "pl1"
    assert video["source"]["type"] == "live"
    assert video["source"]["liveStream"]["liveStreamId"] == RECORDING
    assert video["publishedAt"] == video["updatedAt"] == "2026-11-24T12:01:30+00:00"
    status = empty_client.get(f"{API}/videos/{video_id}/status", headers=DEV).json()
    assert status["ingest"]["status"] == "uploaded"
    assert (
        status["encoding"]["metadata"]["duration"] == 90 and status["encoding"]["metadata"]["height"] == 1080
    )
    listed = empty_client.get(f"{API}/videos?liveStreamId={RECORDING}", headers=DEV).json()["data"]
    assert [v["videoId"] for v in listed] == [video_id]

    recorded = announced(empty_app)[2]
    assert recorded == (
        "video.source.recorded",
        {
            "type": "video.source.recorded",
            "emittedAt": "2026-11-24T12:01:30.000Z",
            "liveStreamId": RECORDING,
            "videoId": video_id,
        },
        NOON + 90_000,
        RECORDING,
    )
    assert [event[0] for event in announced(empty_app)[:3]] == [
        "live-stream.broadcast.started",
        "live-stream.broadcast.ended",
        "video.source.recorded",
    ]


def test_a_recording_is_encoded_on_the_clock_as_an_upload_is(world, empty_app, empty_client):
    empty_client.post(BROADCAST.format(RECORDING))
    empty_app.world.clock.advance(timedelta(seconds=90))
    video_id = empty_client.delete(BROADCAST.format(RECORDING)).json()["recordedVideoId"]
    ended = NOON + 90_000
    # A 1080-line recording: HLS 240p to 1080p, then the MP4, one every 10 s (the default step).
    renditions = [("hls", "240p"), ("hls", "360p"), ("hls", "480p"), ("hls", "720p"), ("hls", "1080p")]
    renditions.append(("mp4", "1080p"))
    encoded = [e for e in announced(empty_app) if e[0] == "video.encoding.quality.completed"]
    assert [(e[1]["encoding"], e[1]["quality"], e[2]) for e in encoded] == [
        (kind, quality, ended + 10_000 * (i + 1)) for i, (kind, quality) in enumerate(renditions)
    ]
    assert all(e[1]["videoId"] == video_id and e[3] == video_id for e in encoded)

    status = empty_client.get(f"{API}/videos/{video_id}/status", headers=DEV).json()
    assert status["encoding"]["playable"] is False
    encoder.wait_idle()  # the recording's renditions, made from the sample
    empty_app.world.clock.advance(timedelta(seconds=10))  # 240p is done: playable
    status = empty_client.get(f"{API}/videos/{video_id}/status", headers=DEV).json()
    assert status["encoding"]["playable"] is True
    assert [(q["quality"], q["status"]) for q in status["encoding"]["qualities"]][:2] == [
        ("240p", "encoded"),
        ("360p", "encoding"),
    ]


def test_a_stream_stored_as_broadcasting_can_be_stopped(empty_app, empty_client):
    # Seeded or from a scenario: no recorded start, its last update stands for it.
    World(empty_app).add(streams=[live_stream(RECORDING, record=True, broadcasting=True)])
    video_id = empty_client.delete(BROADCAST.format(RECORDING)).json()["recordedVideoId"]
    status = empty_client.get(f"{API}/videos/{video_id}/status", headers=DEV).json()
    # From 2026-01-01T00:00Z to 2026-11-24T12:00Z: 327.5 days.
    assert status["encoding"]["metadata"]["duration"] == 327 * 86_400 + 12 * 3_600


@pytest.mark.parametrize(
    ("method", "stream", "status"),
    [
        ("post", "liUnknown000000000000000", 404),
        ("delete", "liUnknown000000000000000", 404),
        ("delete", PLAIN, 409),  # not broadcasting
    ],
)
def test_refused_changes_are_problems_and_change_nothing(
    world, empty_app, empty_client, method, stream, status
):
    before = counts(empty_app)
    answer = getattr(empty_client, method)(BROADCAST.format(stream))
    assert answer.status_code == status
    assert answer.headers["Content-Type"].startswith("application/problem+json")
    assert answer.json()["parameter"] == "liveStreamId" and answer.json()["status"] == status
    assert counts(empty_app) == before


def test_starting_twice_is_a_409_and_announces_once(world, empty_app, empty_client):
    empty_client.post(BROADCAST.format(PLAIN))
    before = counts(empty_app)
    answer = empty_client.post(BROADCAST.format(PLAIN))
    assert answer.status_code == 409 and "already broadcasting" in answer.json()["detail"]
    assert counts(empty_app) == before


def test_deleting_a_broadcasting_stream_keeps_its_recordings_and_forgets_the_broadcast(
    world, empty_app, empty_client
):
    empty_client.post(BROADCAST.format(RECORDING))
    empty_app.world.clock.advance(timedelta(seconds=10))
    video_id = empty_client.delete(BROADCAST.format(RECORDING)).json()["recordedVideoId"]
    empty_client.post(BROADCAST.format(RECORDING))
    assert empty_client.delete(f"{API}/live-streams/{RECORDING}", headers=DEV).status_code == 204
    video = empty_client.get(f"{API}/videos/{video_id}", headers=DEV).json()
    assert "liveStream" not in video["source"]
    assert empty_client.post(BROADCAST.format(RECORDING)).status_code == 404
