"""`assets.hls`: a master playlist listing exactly the qualities encoded so far, each a media
playlist of MPEG-TS segments made by the mock, served as a CDN serves them."""

from __future__ import annotations

import io
import subprocess
import sys

import av

from apivideo_uploads import API, advance, assert_error, mock, new_video, send
from apivideo_world import World, video
from media_clips import clip
from vidmock.apis.apivideo.media import encoder, renditions, sample

__all__ = ["mock"]
SOURCE = clip(1, 640, 360, 24)  # 360 lines: 240p then 360p, then the MP4


def upload(mock) -> str:
    video_id = new_video(mock)
    assert send(mock, video_id, SOURCE).status_code == 201
    encoder.wait_idle()
    return video_id


def stream_infos(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("#EXT-X-STREAM-INF:")]


def test_the_master_lists_only_the_qualities_encoded_so_far(mock):
    video_id = upload(mock)
    url = f"{API}/vod/{video_id}/hls/manifest.m3u8"
    # t0: nothing encoded yet. api.video's CDN answers 202 without a body, which its browser
    # uploader's onPlayable polls through.
    encoding = mock.get(url)
    assert (encoding.status_code, encoding.content, encoding.headers["cache-control"]) == (
        202,
        b"",
        "no-cache",
    )
    advance(mock, "10s")
    first = mock.get(url)
    assert first.status_code == 200 and first.headers["content-type"] == "application/vnd.apple.mpegurl"
    assert first.headers["cache-control"] == "no-cache"  # 360p still to come
    assert [line.split("RESOLUTION=")[1].split(",")[0] for line in stream_infos(first.text)] == ["426x240"]
    assert first.text.splitlines()[-1] == "240p/manifest.m3u8"
    assert_error(mock.get(f"{API}/vod/{video_id}/hls/360p/manifest.m3u8"), 404, "quality")
    advance(mock, "10s")
    both = mock.get(url)
    infos = stream_infos(both.text)
    assert [line.split("RESOLUTION=")[1].split(",")[0] for line in infos] == ["426x240", "640x360"]
    assert both.headers["cache-control"] == "public, max-age=60"
    assert 'CODECS="avc1.42c015,mp4a.40.2"' in infos[0] and 'CODECS="avc1.42c01e,mp4a.40.2"' in infos[1]
    assert all("BANDWIDTH=" in line and "FRAME-RATE=24.000" in line for line in infos)


def test_each_quality_is_h264_and_aac_in_segments_of_two_seconds(mock):
    video_id = upload(mock)
    advance(mock, "20s")
    playlist = mock.get(f"{API}/vod/{video_id}/hls/360p/manifest.m3u8")
    assert playlist.status_code == 200 and playlist.headers["content-type"] == "application/vnd.apple.mpegurl"
    lines = playlist.text.splitlines()
    assert "#EXT-X-TARGETDURATION:1" in lines and lines[-1] == "#EXT-X-ENDLIST"  # one 1 s segment
    assert [line for line in lines if not line.startswith("#")] == ["0.ts"]
    segment = mock.get(f"{API}/vod/{video_id}/hls/360p/0.ts", headers={"Origin": "http://127.0.0.1:9"})
    assert segment.status_code == 200 and segment.headers["content-type"] == "video/mp2t"
    assert segment.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert segment.headers["access-control-allow-origin"] == "http://127.0.0.1:9"
    with av.open(io.BytesIO(segment.content)) as container:
        video_in, audio_in = container.streams.video[0], container.streams.audio[0]
        assert (video_in.codec_context.name, video_in.width, video_in.height) == ("h264", 640, 360)
        assert (audio_in.codec_context.name, audio_in.sample_rate) == ("aac", 48000)
    part = mock.get(f"{API}/vod/{video_id}/hls/360p/0.ts", headers={"Range": "bytes=0-187"})
    assert part.status_code == 206 and part.content == segment.content[:188]
    assert_error(mock.get(f"{API}/vod/{video_id}/hls/360p/1.ts"), 404, "segment")
    assert_error(mock.get(f"{API}/vod/{video_id}/hls/720p/0.ts"), 404, "quality")
    assert_error(mock.get(f"{API}/vod/{video_id}/hls/999p/0.ts"), 400, "quality")


def test_a_source_that_is_not_media_has_no_hls(mock):
    video_id = new_video(mock)
    assert send(mock, video_id, b"no video here").status_code == 201
    advance(mock, "1m")
    assert_error(mock.get(f"{API}/vod/{video_id}/hls/manifest.m3u8"), 404, "videoId")


def test_a_seeded_video_plays_the_sample_in_every_quality_up_to_its_height(mock):
    World(mock.app).add(vids=[video("viSeed", width=854, height=480)])
    master = mock.get(f"{API}/vod/viSeed/hls/manifest.m3u8")
    assert master.status_code == 200
    sizes = [line.split("RESOLUTION=")[1].split(",")[0] for line in stream_infos(master.text)]
    assert sizes == ["426x240", "640x360", "854x480"]
    playlist = mock.get(f"{API}/vod/viSeed/hls/480p/manifest.m3u8").text
    assert [line for line in playlist.splitlines() if not line.startswith("#")] == ["0.ts", "1.ts"]  # 4 s
    assert mock.get(f"{API}/vod/viSeed/hls/480p/1.ts").headers["content-type"] == "video/mp2t"


def test_a_video_without_its_source_has_no_hls(mock):
    assert_error(mock.get(f"{API}/vod/{new_video(mock)}/hls/manifest.m3u8"), 404, "videoId")


def test_unknown_videos_are_a_404_naming_video_id(mock):
    assert_error(mock.get(f"{API}/vod/vi0000000000000000000000/hls/manifest.m3u8"), 404, "videoId")
    assert_error(mock.get(f"{API}/vod/vi0000000000000000000000/hls/240p/0.ts"), 404, "videoId")


def test_a_mock_starting_loads_no_media_library():
    # PyAV (FFmpeg) loads on the first upload or playback: a mock that never encodes never pays.
    script = (
        "import sys; from vidmock.app import create_app; from vidmock.config import Config; "
        "create_app(Config(size='small')); print('av' in sys.modules)"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL
    )
    assert run.stdout.strip() == "False", run.stderr


def test_the_samples_renditions_are_made_once_a_machine(tmp_path, monkeypatch):
    """A later process reads them from the cache folder, byte for byte, without encoding."""
    monkeypatch.setenv("VIDMOCK_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(sample, "_hls", {})
    monkeypatch.setattr(sample, "_mp4", {})
    made, made_mp4 = sample.hls("240p"), sample.mp4("240p")
    assert (sample.cache_dir() / "240p" / "manifest.m3u8").read_bytes() == made.playlist

    monkeypatch.setattr(sample, "_hls", {})  # a new process
    monkeypatch.setattr(sample, "_mp4", {})

    def no_encoding(*_args):
        raise AssertionError("encoded again")

    monkeypatch.setattr(renditions, "hls", no_encoding)
    monkeypatch.setattr(renditions, "mp4", no_encoding)
    assert sample.hls("240p") == made and sample.mp4("240p") == made_mp4
    assert sorted(p.name for p in sample.cache_dir().iterdir()) == ["240p", "240p.mp4"]  # nothing half-made
