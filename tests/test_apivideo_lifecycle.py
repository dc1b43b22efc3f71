"""The encoding after an upload, on the mock's clock: each rendition takes the configured step,
the status shows it as the clock moves, and each one's `video.encoding.quality.completed` waits
in the outbox until the instant it is encoded."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from apivideo_uploads import API, DEV, SAMPLE, advance, mock, new_video, send, store
from apivideo_world import World, video
from conftest import NOW, make_app
from media_clips import clip
from vidmock.apis.apivideo.media import encoder, encoding
from vidmock.apis.apivideo.videos.tables import videos
from vidmock.apis.apivideo.webhooks.outbox import outbox

__all__ = ["mock"]
T0 = int(NOW.timestamp() * 1000)


def status_of(client, video_id):
    return client.get(f"{API}/videos/{video_id}/status", headers=DEV).json()


def qualities(client, video_id):
    return [(q["quality"], q["status"]) for q in status_of(client, video_id)["encoding"]["qualities"]]


@pytest.mark.parametrize(
    ("height", "expected"),
    [
        (720, ["240p", "360p", "480p", "720p"]),
        (1080, ["240p", "360p", "480p", "720p", "1080p"]),
        (1440, ["240p", "360p", "480p", "720p", "1080p", "1440p"]),
        (2000, ["240p", "360p", "480p", "720p", "1080p", "1440p"]),
        (2160, ["240p", "360p", "480p", "720p", "1080p", "1440p", "2160p"]),
        (240, ["240p"]),
        (144, ["240p"]),
    ],
)
def test_qualities_from_240p_up_to_the_source(height, expected):
    assert encoding.qualities_for(height) == expected


def test_a_720p_source_encodes_one_quality_per_step_then_the_mp4():
    app = make_app()
    with app.world.store.begin() as conn:
        app.world.store.clear(conn)
        conn.execute(videos.insert(), [video("viA", ingest_status="missing", filesize=None, height=None)])
        planned = encoding.start(conn, "viA", 720, T0, step_s=5.0)
        rows = conn.execute(select(outbox).order_by(outbox.c.due_at)).mappings().all()
    # By hand: step 5 s; 240p encoded at t0+5 s, 360p at +10 s, 480p at +15 s, 720p at +20 s, mp4 at +25 s.
    assert [(r.encoding, r.quality, r.done_at - T0) for r in planned] == [
        ("hls", "240p", 5_000),
        ("hls", "360p", 10_000),
        ("hls", "480p", 15_000),
        ("hls", "720p", 20_000),
        ("mp4", "720p", 25_000),
    ]
    assert [(row["type"], row["due_at"] - T0, row["subject_id"]) for row in rows] == [
        ("video.encoding.quality.completed", 5_000 * n, "viA") for n in range(1, 6)
    ]
    assert rows[0]["payload"] == {
        "type": "video.encoding.quality.completed",
        "emittedAt": "2026-11-24T12:00:05.000Z",
        "videoId": "viA",
        "encoding": "hls",
        "quality": "240p",
    }
    assert rows[4]["payload"]["encoding"] == "mp4" and rows[4]["payload"]["quality"] == "720p"


def test_the_status_follows_the_clock_and_the_renditions_made():
    client = TestClient(make_app(encoding_step=10.0), raise_server_exceptions=False)
    video_id = new_video(client)
    assert status_of(client, video_id)["ingest"]["status"] == "missing"
    assert send(client, video_id, clip(1, 640, 360)).status_code == 201  # 360 lines: 240p, 360p
    assert qualities(client, video_id) == [("240p", "encoding"), ("360p", "waiting")]
    assert status_of(client, video_id)["encoding"]["playable"] is False
    encoder.wait_idle()
    advance(client, "10s")
    assert qualities(client, video_id) == [("240p", "encoded"), ("360p", "encoding")]
    assert status_of(client, video_id)["encoding"]["playable"] is True
    advance(client, "9s")  # t0 + 19 s: 360p still encoding (done at 20 s)
    assert qualities(client, video_id)[-1] == ("360p", "encoding")
    advance(client, "1s")
    assert qualities(client, video_id) == [("240p", "encoded"), ("360p", "encoded")]


def test_a_rendition_the_clock_has_reached_is_encoding_until_it_is_made():
    rendition = encoding.Rendition("hls", "240p", starts_at=0, done_at=10_000)
    assert rendition.status(10_000, made=False) == "encoding"
    assert rendition.status(10_000, made=True) == "encoded"
    assert rendition.status(9_999, made=True) == "encoding"
    assert rendition.status(10_000, made=False, failed=True) == "failed"
    assert rendition.status(10_000, made=True, failed=True) == "encoded"


def test_a_source_that_is_not_media_fails_with_no_metadata_and_no_events(mock):
    video_id = new_video(mock)
    assert send(mock, video_id, b"not a video, but bytes all the same").status_code == 201
    status = status_of(mock, video_id)
    assert status["encoding"]["qualities"] == [{"quality": "240p", "status": "failed"}]
    assert status["encoding"]["playable"] is False
    assert set(status["encoding"]["metadata"].values()) == {None}
    assert [r for r in store(mock)["tables"]["apivideo_outbox"] if r["subject_id"] == video_id] == []


@pytest.mark.parametrize(
    ("container", "codec", "audio_codec"),
    [("matroska", "libx264", "aac"), ("webm", "libvpx", "opus"), ("mpegts", "libx264", "aac")],
)
def test_the_metadata_of_other_containers_is_read_from_them(mock, container, codec, audio_codec):
    video_id = new_video(mock)
    source = clip(1, 320, 180, 25, container=container, codec=codec)
    assert send(mock, video_id, source, name=f"clip.{container}").status_code == 201
    metadata = status_of(mock, video_id)["encoding"]["metadata"]
    assert (metadata["width"], metadata["height"], metadata["duration"], metadata["framerate"]) == (
        320,
        180,
        1,
        25,
    )
    assert (metadata["videoCodec"], metadata["audioCodec"]) == (
        "vp8" if codec == "libvpx" else "h264",
        audio_codec,
    )


def test_the_metadata_of_a_real_mp4_is_read_from_it(mock):
    video_id = new_video(mock)
    assert send(mock, video_id, SAMPLE).status_code == 201
    status = status_of(mock, video_id)
    # The clip is 320x240, 2 s, 12 frames per second, H.264 with AAC at 48 kHz.
    assert status["encoding"]["metadata"] == {
        "width": 320,
        "height": 240,
        "bitrate": round(len(SAMPLE) * 8 / 1000 / 2, 3),
        "duration": 2,
        "framerate": 12,
        "samplerate": 48000,
        "videoCodec": "h264",
        "audioCodec": "aac",
        "aspectRatio": "4/3",
    }
    # 240 lines: the 240p rendition, then the MP4; two events, at t0 + 10 s and + 20 s (default step).
    events = [r for r in store(mock)["tables"]["apivideo_outbox"] if r["subject_id"] == video_id]
    assert [(e["payload"]["encoding"], e["payload"]["quality"], e["due_at"] - T0) for e in events] == [
        ("hls", "240p", 10_000),
        ("mp4", "240p", 20_000),
    ]


def test_no_mp4_rendition_without_mp4_support(mock):
    video_id = new_video(mock, mp4Support=False)
    assert send(mock, video_id, SAMPLE).status_code == 201
    events = [r for r in store(mock)["tables"]["apivideo_outbox"] if r["subject_id"] == video_id]
    assert [e["payload"]["encoding"] for e in events] == ["hls"]


def test_deleting_a_video_withdraws_only_its_events_not_yet_due(mock):
    video_id = new_video(mock)
    assert send(mock, video_id, clip(1, 640, 360)).status_code == 201  # 240p, 360p, mp4: 10 s apart
    advance(mock, "25s")  # 240p and 360p are due (10 s, 20 s)
    assert mock.delete(f"{API}/videos/{video_id}", headers=DEV).status_code == 204
    left = [r["due_at"] - T0 for r in store(mock)["tables"]["apivideo_outbox"] if r["subject_id"] == video_id]
    assert left == [10_000, 20_000]


def test_a_seeded_uploaded_video_is_encoded_in_every_quality(mock):
    World(mock.app).add(vids=[video("viS", height=1080, width=1920, duration=100, filesize=1_000_000)])
    status = status_of(mock, "viS")
    assert status["encoding"]["playable"] is True
    assert [q["quality"] for q in status["encoding"]["qualities"]] == [
        "240p",
        "360p",
        "480p",
        "720p",
        "1080p",
    ]
    assert status["encoding"]["metadata"]["bitrate"] == 80.0  # 1 MB over 100 s
