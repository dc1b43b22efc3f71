"""api.video's own Python client of the 2021 generation (PyPI `api.video` 1.2.x, which still has
`RawStatisticsApi`), unchanged, against a real mock server on a loopback port."""

from __future__ import annotations

import pytest
from apivideo import AuthenticatedApiClient
from apivideo.api.live_streams_api import LiveStreamsApi
from apivideo.api.raw_statistics_api import RawStatisticsApi
from apivideo.api.videos_api import VideosApi
from apivideo.exceptions import ApiException
from apivideo.model.live_stream_creation_payload import LiveStreamCreationPayload
from apivideo.model.metadata import Metadata
from apivideo.model.video_creation_payload import VideoCreationPayload
from apivideo.model.video_update_payload import VideoUpdatePayload

from conftest import make_app
from live import serving


@pytest.fixture(scope="module")
def client():
    with serving(make_app()) as base_url:
        api_client = AuthenticatedApiClient("dev-key")
        # The client points at ws.api.video; the mock serves api.video under /apivideo.
        api_client.configuration.host = f"{base_url}/apivideo"
        api_client.connect()
        try:
            yield api_client
        finally:
            api_client.close()


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


def test_the_clients_exception_carries_the_404(client):
    with pytest.raises(ApiException) as raised:
        VideosApi(client).get("viUnknown")
    assert raised.value.status == 404
