"""The `vidmock` fixture as a user's test suite sees it: installed through the `pytest11` entry
point, a fresh mock per test, in-process or on a free port, a client per vendor, the journal."""

from __future__ import annotations

import pytest

from conftest import NOW

pytestmark = pytest.mark.vidmock(now=NOW)

WHOLE_HISTORY = {"date_time_from": "2000-01-01T00:00:00Z", "date_time_to": "2030-01-01T00:00:00Z"}


def test_every_vendor_has_a_client_that_is_let_in(vidmock):
    answers = {
        "ibm-analytics": vidmock.client("ibm-analytics").get(
            "/views", params={"date_time_from": "2026-11-01T00:00", "date_time_to": "2026-11-02T00:00"}
        ),
        "apivideo": vidmock.client("apivideo").get("/videos"),
        "jtv": vidmock.client("jtv").get("/metax/2.1/activity/fav/nobody"),
        "nomad": vidmock.client("nomad").get("/media/my-content"),
        "syngrafii": vidmock.client("syngrafii").get("/packages/c603079c-2dc7-4af7-8c2e-dc992662621c/videos"),
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
    assert vidmock.count(operation_id="POST-video", body={"/title": "My video"}) == 1
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
    answer = vidmock.client("syngrafii").get("/packages/c603079c-2dc7-4af7-8c2e-dc992662621c/videos")
    assert answer.status_code == 200
    assert vidmock.world.config.seed == 3
    assert vidmock.base_url("syngrafii") == f"{vidmock.url}/syngrafii/api/v1"


def test_each_client_is_rooted_at_the_base_url_the_banner_prints(vidmock):
    assert {key: str(client.base_url) for key, client in vidmock.clients.items()} == {
        "ibm-analytics": "http://testserver/ibm-analytics/v1/",
        "apivideo": "http://testserver/apivideo/",
        "jtv": "http://testserver/jtv/",
        "nomad": "http://testserver/nomad/api/",
        "syngrafii": "http://testserver/syngrafii/api/v1/",
    }


@pytest.mark.vidmock(now=NOW, api="syngrafii")
def test_a_vendor_served_alone_has_its_client_at_the_bare_base_url(vidmock):
    assert vidmock.base_url("syngrafii") == "http://testserver/api/v1"
    answer = vidmock.client("syngrafii").get("/packages/c603079c-2dc7-4af7-8c2e-dc992662621c/videos")
    assert answer.status_code == 200


def test_ibm_s_oauth_server_is_reached_beside_the_api_from_the_root(vidmock):
    token = vidmock.client("ibm-analytics").post(
        f"{vidmock.root}/ibm-analytics/oauth2/token",
        data={"grant_type": "client_credentials", "token_type": "jwt"},
        auth=("dev-client", "dev-secret"),
    )
    assert token.status_code == 200
    views = vidmock.client("ibm-analytics").get(
        "/views", params=WHOLE_HISTORY, headers={"Authorization": token.json()["access_token"]}
    )
    assert views.status_code == 200


def ibm_view_count(mock) -> int:
    answer = mock.client("ibm-analytics").get("/views", params=WHOLE_HISTORY)
    assert answer.status_code == 200
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
