"""api.video's official Python client (PyPI `api.video` 1.2.x, unchanged) uploading to a live
mock: in 5 MiB chunks (its smallest) with the API key, then with an upload token and no key."""

from __future__ import annotations

import io
import struct

import httpx
import pytest
from apivideo.api.upload_tokens_api import UploadTokensApi
from apivideo.api.videos_api import VideosApi
from apivideo.api_client import ApiClient
from apivideo.configuration import MIN_CHUNK_SIZE
from apivideo.exceptions import NotFoundException
from apivideo.model.token_creation_payload import TokenCreationPayload
from apivideo.model.video_creation_payload import VideoCreationPayload

from apivideo_client_support import connected
from apivideo_uploads import SAMPLE
from conftest import make_app
from live import serving
from vidmock.apis.apivideo.media import encoder, probe

# The sample padded with a trailing `free` box (ISO/IEC 14496-12 §8.1.2, ignored by readers) to
# 2.2 chunks: the client sends it in three, `part 1/3`, `part 2/3`, `part 3/3`.
PADDING = int(MIN_CHUNK_SIZE * 2.2) - len(SAMPLE)
BIG = SAMPLE + struct.pack(">I", PADDING) + b"free" + bytes(PADDING - 8)


@pytest.fixture(scope="module")
def mock_url():
    with serving(make_app()) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def client(mock_url):
    with connected(mock_url, chunk_size=MIN_CHUNK_SIZE) as api_client:
        yield api_client


def named(data: bytes, name: str) -> io.BytesIO:
    file = io.BytesIO(data)
    file.name = name
    return file


def test_upload_in_chunks_then_playable_after_the_clock_moves(client, mock_url):
    videos = VideosApi(client)
    created = videos.create(VideoCreationPayload(title="Chunked from the client"))
    sent = []
    uploaded = videos.upload(
        created.video_id, named(BIG, "big.mp4"), _progress_listener=lambda done, total: sent.append(done)
    )
    assert len(sent) == 3  # one call per chunk
    assert uploaded.video_id == created.video_id
    status = videos.get_status(created.video_id)
    assert status.ingest.status == "uploaded" and status.ingest.filesize == len(BIG)
    assert [r.to for r in status.ingest.received_bytes] == [
        MIN_CHUNK_SIZE - 1,
        2 * MIN_CHUNK_SIZE - 1,
        len(BIG) - 1,
    ]
    assert status.encoding.playable is False
    assert status.encoding.metadata.width == 320 and status.encoding.metadata.duration == 2
    encoder.wait_idle()
    assert httpx.put(f"{mock_url}/__admin/clock", json={"advance": "20s"}).status_code == 200
    assert videos.get_status(created.video_id).encoding.playable is True
    assert probe.probe(httpx.get(uploaded.assets.mp4).content)["width"] == 320  # the MP4 rendition
    videos.delete(created.video_id)
    with pytest.raises(NotFoundException):
        videos.get(created.video_id)


def test_upload_with_a_token_and_no_api_key(client, mock_url):
    token = UploadTokensApi(client).create_token(TokenCreationPayload(ttl=600))
    anonymous = ApiClient()
    anonymous.configuration.host = f"{mock_url}/apivideo"
    anonymous.configuration.chunk_size = MIN_CHUNK_SIZE
    assert "Authorization" not in anonymous.default_headers
    try:
        video = VideosApi(anonymous).upload_with_upload_token(token.token, named(BIG, "token.mp4"))
    finally:
        anonymous.close()
    videos = VideosApi(client)
    assert videos.get_status(video.video_id).ingest.filesize == len(BIG)
    assert [v.video_id for v in videos.list(title="token.mp4").data] == [video.video_id]
    UploadTokensApi(client).delete_token(token.token)
    videos.delete(video.video_id)
