"""The `vidmock` fixture as a user's test suite sees it: installed through the `pytest11` entry
point, a fresh mock per test, in-process or on a free port, a client per vendor, the journal."""

from __future__ import annotations

import pytest

from conftest import NOW

pytestmark = pytest.mark.vidmock(now=NOW)


def test_every_vendor_has_a_client_that_is_let_in(vidmock):
    answers = {
        "ibm-analytics": vidmock.client("ibm-analytics").get(
            "/v1/views", params={"date_time_from": "2026-11-01T00:00", "date_time_to": "2026-11-02T00:00"}
        ),
        "apivideo": vidmock.client("apivideo").get("/videos"),
        "jtv": vidmock.client("jtv").get("/metax/2.1/activity/fav/nobody"),
        "nomad": vidmock.client("nomad").get("/api/media/my-content"),
        "syngrafii": vidmock.client("syngrafii").get(
            "/api/v1/packages/c603079c-2dc7-4af7-8c2e-dc992662621c/videos"
        ),
    }
    assert {key: answer.status_code for key, answer in answers.items()} == dict.fromkeys(answers, 200)
    assert set(vidmock.clients) == set(answers)


def test_the_journal_records_what_the_test_sent(vidmock):
    created = vidmock.client("apivideo").post("/videos", json={"title": "from my test"})
    assert created.status_code == 201
    sent = vidmock.journal.entries(api="apivideo", method="POST")
    assert [entry["path"] for entry in sent] == ["/apivideo/videos"]


@pytest.mark.vidmock(now=NOW, live=True)
def test_the_fixture_filters_counts_and_clears_the_journal_of_a_served_mock(vidmock):
    videos = vidmock.client("apivideo")
    videos.post("/videos", json={"title": "My video", "public": False})
    videos.post("/videos", json={"title": "Another"})
    videos.get("/videos/nope")
    assert vidmock.count(operation_id="create_video", body={"/title": "My video"}) == 1
    assert [e["status"] for e in vidmock.requests(api="apivideo")] == [404, 201, 201]
    [created] = vidmock.requests(body={"/public": False})
    assert created["response"]["body"]["json"]["title"] == "My video"
    assert [e["id"] for e in vidmock.requests(since=1)] == [3, 2]
    assert vidmock.clear_requests() == 3 and vidmock.count() == 0


def test_each_test_gets_a_fresh_world(vidmock):
    titles = [video["title"] for video in vidmock.client("apivideo").get("/videos").json()["data"]]
    assert "from my test" not in titles


@pytest.mark.vidmock(now=NOW, live=True, seed=3)
def test_live_mode_serves_on_a_loopback_port(vidmock):
    assert vidmock.url.startswith("http://127.0.0.1:")
    answer = vidmock.client("syngrafii").get("/api/v1/packages/c603079c-2dc7-4af7-8c2e-dc992662621c/videos")
    assert answer.status_code == 200
    assert vidmock.world.config.seed == 3


WHOLE_HISTORY = {"date_time_from": "2000-01-01T00:00:00Z", "date_time_to": "2030-01-01T00:00:00Z"}


def ibm_view_count(mock) -> int:
    answer = mock.client("ibm-analytics").get("/v1/views", params=WHOLE_HISTORY)
    return answer.json()["pagination"]["count"]


def test_without_a_scenario_the_seeded_world_has_views(vidmock):
    assert ibm_view_count(vidmock) > 0


@pytest.mark.vidmock(now=NOW, scenario="ibm-empty-account")
def test_a_scenario_is_the_world_the_test_starts_from(vidmock):
    assert vidmock.world.scenario == "ibm-empty-account"
    assert ibm_view_count(vidmock) == 0


@pytest.mark.vidmock(now=NOW, scenario="no-such-scenario")
def test_an_unknown_scenario_is_refused_by_name(request):
    with pytest.raises(Exception, match="no-such-scenario"):
        request.getfixturevalue("vidmock")
