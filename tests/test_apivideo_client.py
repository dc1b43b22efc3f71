"""api.video's own Python client of the 2021 generation (PyPI `api.video` 1.2.x, which still has
`RawStatisticsApi`), unchanged, against a real mock server on a loopback port."""

from __future__ import annotations

import pytest
from apivideo.api.live_streams_api import LiveStreamsApi
from apivideo.api.raw_statistics_api import RawStatisticsApi
from apivideo.api.videos_api import VideosApi
from apivideo.api.webhooks_api import WebhooksApi
from apivideo.exceptions import ApiException
from apivideo.model.live_stream_creation_payload import LiveStreamCreationPayload
from apivideo.model.metadata import Metadata
from apivideo.model.video_creation_payload import VideoCreationPayload
from apivideo.model.video_update_payload import VideoUpdatePayload
from apivideo.model.webhooks_creation_payload import WebhooksCreationPayload

from apivideo_client_support import connected
from conftest import make_app
from live import serving
from vidmock.apis.apivideo.images import placeholder_jpeg


@pytest.fixture(scope="module")
def client():
    with serving(make_app()) as base_url, connected(base_url) as api_client:
        yield api_client


def test_the_client_authenticates_with_the_dev_key(client):
    assert client._access_token and client._refresh_token and client.token_type == "Bearer"
    client.refresh_token()
    assert client._access_token


def test_list_create_update_and_read_back_videos(client):
    videos = VideosApi(client)
    listed = videos.list(page_size=100)
    assert listed.pagination.items_total == len(listed.data) > 0
    assert all(video.video_id.startswith("vi") for video in listed.data)

    created = videos.create(
        VideoCreationPayload(
            title="From the client", tags=["client"], metadata=[Metadata(key="Author", value="Ada")]
        )
    )
    assert created.video_id.startswith("vi") and created.metadata[0].value == "Ada"
    updated = videos.update(created.video_id, VideoUpdatePayload(title="Renamed"))
    assert updated.title == "Renamed"
    assert videos.get(created.video_id).title == "Renamed"
    found = videos.list(tags=["client"], metadata={"Author": "Ada"})
    assert [video.video_id for video in found.data] == [created.video_id]
    assert videos.get_status(created.video_id).ingest.status == "missing"


def test_sessions_of_a_seeded_video_and_their_events(client):
    videos, statistics = VideosApi(client), RawStatisticsApi(client)
    seeded = videos.list(sort_by="publishedAt", sort_order="asc").data[0]
    sessions = statistics.list_video_sessions(seeded.video_id, "2026", page_size=100)
    assert sessions.data and sessions.pagination.items_total == len(sessions.data)
    first = sessions.data[0]
    assert first.session.session_id.startswith("ps")
    assert first.session.loaded_at <= first.session.ended_at
    events = statistics.list_session_events(first.session.session_id)
    assert [event.type for event in events.data][:2] == ["ready", "play"]
    assert all(first.session.loaded_at <= event.emitted_at <= first.session.ended_at for event in events.data)


def test_live_streams_and_their_sessions(client):
    streams, statistics = LiveStreamsApi(client), RawStatisticsApi(client)
    created = streams.create(LiveStreamCreationPayload(name="Client stream"))
    assert streams.get(created.live_stream_id).name == "Client stream"
    seeded = streams.list(sort_by="createdAt").data[0]
    sessions = statistics.list_live_stream_sessions(seeded.live_stream_id, "2026")
    assert sessions.data and sessions.data[0].session.session_id.startswith("ps")


def test_webhooks_created_listed_and_deleted(client):
    hooks = WebhooksApi(client)
    payload = WebhooksCreationPayload(
        events=["live-stream.broadcast.started", "video.source.recorded"], url="http://127.0.0.1:9/client"
    )
    created = hooks.create(payload)
    assert created.webhook_id.startswith("webhook_") and created.url == "http://127.0.0.1:9/client"
    assert hooks.get(created.webhook_id).events == ["live-stream.broadcast.started", "video.source.recorded"]
    listed = hooks.list(events="video.source.recorded")
    assert created.webhook_id in [hook.webhook_id for hook in listed.data]
    hooks.delete(created.webhook_id)
    assert created.webhook_id not in [hook.webhook_id for hook in hooks.list().data]
    with pytest.raises(ApiException) as raised:
        hooks.get(created.webhook_id)
    assert raised.value.status == 404


def test_a_live_stream_thumbnail_uploaded_and_deleted(client, tmp_path):
    streams = LiveStreamsApi(client)
    created = streams.create(LiveStreamCreationPayload(name="Pictured"))
    picture = tmp_path / "backdrop.jpg"
    picture.write_bytes(placeholder_jpeg(32, 18))
    with picture.open("rb") as file:
        uploaded = streams.upload_thumbnail(created.live_stream_id, file)
    assert uploaded.assets.thumbnail.endswith(f"/apivideo/live/{created.live_stream_id}/thumbnail.jpg")
    cleared = streams.delete_thumbnail(created.live_stream_id)
    assert cleared.assets.thumbnail == f"https://cdn.api.video/live/{created.live_stream_id}/thumbnail.jpg"


def test_the_clients_exception_carries_the_404(client):
    with pytest.raises(ApiException) as raised:
        VideosApi(client).get("viUnknown")
    assert raised.value.status == 404
