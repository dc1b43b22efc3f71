"""The dashboard at /__admin/ui, through the ASGI test client: every page renders what the
control API and the vendor APIs answer, every form writes what its HTTP twin writes, bad input
shows a message and changes nothing, and the dashboard answers whom /__admin answers."""

from __future__ import annotations

import io
import json
import re

import pytest
from rich.console import Console

from conftest import DEV, IBM, make_app
from vidmock.cli.serve import print_banner
from vidmock.config import Config

UI = "/__admin/ui"
BEARER = {"Authorization": "Bearer dev-token"}
REMOTE = ("203.0.113.7", 40000)
PAGES = {
    "/": "Overview",
    "/state": "State",
    "/requests": "Requests",
    "/scenarios": "Scenarios",
    "/clock": "Clock",
    "/faults": "Faults and latency",
    "/ibm": "IBM Video Streaming analytics",
}


@pytest.fixture(scope="module")
def shared():
    """One world for the read-only tests."""
    return make_app().test_client()


def clock_of(client) -> dict:
    return client.get("/__admin/clock").json()


def message(html: str) -> str:
    found = re.search(r'<p class="message error" role="alert">(.*?)</p>', html, re.S)
    assert found, "no error message on the page"
    return found[1]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_with_its_heading_and_the_navigation(shared, path):
    answer = shared.get(UI + path)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert f"<h1>{PAGES[path]}" in answer.text
    for page in PAGES:
        assert f'href="{UI}{page}"' in answer.text


def test_the_overview_gives_each_api_s_base_url_swagger_ui_credentials_and_counts(shared):
    html = shared.get(UI + "/").text
    assert "http://testserver/apivideo</code>" in html
    assert 'href="http://testserver/ibm-analytics/v1/ui/"' in html
    assert 'href="http://testserver/ibm-analytics/oauth2/ui/"' in html
    assert "dev-key" in html  # api.video's development API key
    assert 'href="http://testserver/__admin/docs/"' in html
    totals = shared.get("/__admin/state", params={"api": "apivideo", "limit": 0}).json()["apivideo"]
    videos = totals["videos"]["total"]
    assert re.search(rf"collection=videos\">videos</a></td><td class=\"num\">{videos}<", html)
    assert "2026-11-24T12:00:00+00:00" in html


def test_the_state_view_is_what_the_vendor_api_returns(shared):
    state = shared.get("/__admin/state", params={"api": "apivideo", "collection": "videos", "view": "api"})
    part = state.json()["apivideo"]["videos"]
    assert part["view"] == "api"
    first, url = part["items"][0], part["urls"][0]
    assert url == f"/videos/{first['videoId']}"
    assert shared.get("/apivideo" + url, headers=BEARER).json() == first
    plain = shared.get("/__admin/state", params={"api": "apivideo", "collection": "videos"}).json()
    assert "view" not in plain["apivideo"]["videos"]
    assert plain["apivideo"]["videos"]["items"][0]["video_id"] == first["videoId"]


def test_the_state_browser_shows_wire_shapes_pages_and_searches(shared):
    everything = shared.get("/__admin/state", params={"api": "apivideo", "collection": "videos"}).json()
    rows = everything["apivideo"]["videos"]["items"]
    html = shared.get(UI + "/state", params={"api": "apivideo", "collection": "videos"}).text
    assert f'GET <code class="url">http://testserver/apivideo/videos/{rows[0]["video_id"]}</code>' in html
    assert "&#34;videoId&#34;" in html and "video_id" not in html
    title = rows[1]["title"]
    searched = shared.get(UI + "/state", params={"api": "apivideo", "collection": "videos", "q": title}).text
    assert f"videos/{rows[1]['video_id']}</code>" in searched
    assert f"videos/{rows[0]['video_id']}</code>" not in searched
    columns = shared.get(UI + "/state", params={"api": "nomad", "collection": "tracking"}).text
    assert "has no API shape of its own" in columns


def test_the_state_browser_pages_twenty_records_at_a_time(shared):
    segments = shared.get(
        "/__admin/state", params={"api": "ibm-analytics", "collection": "segments", "limit": 21}
    )
    ids = [row["id"] for row in segments.json()["ibm-analytics"]["segments"]["items"]]
    second = shared.get(
        UI + "/state", params={"api": "ibm-analytics", "collection": "segments", "page": 2}
    ).text
    assert ids[20] in second and ids[19] not in second
    assert shared.get(UI + "/state", params={"api": "nope"}).status_code == 404
    assert shared.get(UI + "/state", params={"page": "two"}).status_code == 400


# The control API skips at most 2^53 - 1 records; twenty a page, the last page starts there.
LAST_PAGE = (2**53 - 1) // 20 + 1


def test_the_state_browser_refuses_a_page_past_what_the_control_api_skips(shared):
    segments = {"api": "ibm-analytics", "collection": "segments"}
    last = shared.get(UI + "/state", params={**segments, "page": LAST_PAGE})
    assert last.status_code == 200
    assert f"; page {LAST_PAGE} of " in last.text and '<li class="record">' not in last.text
    for page in (LAST_PAGE + 1, 922337203685477581, "9" * 5000, 0):
        refused = shared.get(UI + "/state", params={**segments, "page": page})
        assert refused.status_code == 400
        assert message(refused.text) == f"page is a whole number from 1 to {LAST_PAGE}"


def test_the_requests_page_lists_the_journal_newest_first_without_its_own_loads():
    client = make_app().test_client()
    client.get("/apivideo/videos", headers=BEARER)
    client.get("/apivideo/videos/nope", headers=BEARER)
    html = client.get(UI + "/requests").text.replace("<wbr>", "")  # where a long path may wrap
    assert html.index("/apivideo/videos/nope") < html.index("/apivideo/videos<")
    assert client.get("/__admin/requests", params={"path": "/__admin/ui"}).json()["requests"] == []
    rows = client.get(UI + "/requests/rows", params={"status": "404"}).text.replace("<wbr>", "")
    assert "/apivideo/videos/nope" in rows and "/apivideo/videos<" not in rows
    refused = client.get(UI + "/requests", params={"status": "99"})
    assert refused.status_code == 400 and "status" in message(refused.text)


def test_a_request_shows_headers_bodies_and_curl():
    client = make_app().test_client()
    client.post("/apivideo/videos", headers=BEARER, json={"title": "Dashboard check"})
    entry = client.get("/__admin/requests", params={"method": "POST"}).json()["requests"][0]
    html = client.get(f"{UI}/requests/{entry['id']}").text
    assert "Dashboard check" in html and "content-type" in html
    curl = re.search(r'<pre id="curl">(.*?)</pre>', html, re.S)[1]
    assert curl.startswith("curl -X POST http://testserver/apivideo/videos -H")
    assert "--data-raw &#39;{&#34;title&#34;: &#34;Dashboard check&#34;}&#39;" in curl
    assert client.get(f"{UI}/requests/99999").status_code == 404


def test_loading_a_scenario_from_the_page_changes_what_the_api_returns():
    client = make_app().test_client()
    answer = client.post(
        UI + "/scenarios/load", data={"name": "apivideo-empty-account"}, follow_redirects=False
    )
    assert answer.status_code == 303
    assert client.get("/apivideo/videos", headers=BEARER).json()["data"] == []
    assert "Scenario apivideo-empty-account loaded" in client.get(answer.headers["location"]).text


def test_an_unknown_scenario_shows_a_message_and_changes_nothing():
    client = make_app().test_client()
    before = client.get("/__admin/export").json()
    refused = client.post(UI + "/scenarios/load", data={"name": "no-such-scenario"})
    assert refused.status_code == 404 and "no-such-scenario" in message(refused.text)
    assert client.get("/__admin/export").json() == before


def test_export_downloads_the_world_and_import_takes_it_back():
    client = make_app().test_client()
    download = client.get(UI + "/export")
    assert download.headers["content-disposition"].startswith(
        'attachment; filename="vidmock-20261124T120000Z'
    )
    assert download.json() == client.get("/__admin/export").json()
    client.post(UI + "/scenarios/load", data={"name": "apivideo-empty-account"})
    imported = client.post(
        UI + "/import", files={"snapshot": ("world.json", download.content, "application/json")}
    )
    assert imported.status_code == 200 and "Imported world.json" in imported.text
    assert client.get("/__admin/export").json()["tables"] == download.json()["tables"]


@pytest.mark.parametrize(
    ("content", "shown"),
    [
        (b"not json", "The file is no JSON"),
        (b'{"format": "vidmock-state", "version": 99, "tables": {}}', "(at /version)"),
    ],
)
def test_a_refused_import_shows_why_and_changes_nothing(content, shown):
    client = make_app().test_client()
    before = client.get("/__admin/export").json()
    refused = client.post(UI + "/import", files={"snapshot": ("bad.json", content, "application/json")})
    assert refused.status_code == 400 and shown in message(refused.text)
    assert client.get("/__admin/export").json() == before


def test_the_clock_forms_follow_put_clock():
    client = make_app().test_client()
    client.post(UI + "/clock", data={"action": "advance", "advance": "90s"})
    assert clock_of(client) == {"now": "2026-11-24T12:01:30+00:00", "frozen": True}
    client.post(UI + "/clock", data={"action": "set", "now": "2026-12-01T08:00:00Z"})
    assert clock_of(client)["now"] == "2026-12-01T08:00:00+00:00"
    client.post(UI + "/clock", data={"action": "unfreeze"})
    assert clock_of(client)["frozen"] is False
    client.post(UI + "/clock", data={"action": "freeze"})
    assert clock_of(client)["frozen"] is True


@pytest.mark.parametrize(
    ("form", "shown"),
    [
        ({"action": "advance", "advance": "soon"}, "(at /advance)"),
        ({"action": "advance", "advance": ""}, "Give a duration"),
        ({"action": "set", "now": "2026-12-01T08:00:00"}, "(at /now)"),
        ({"action": "set", "now": "tomorrow"}, "(at /now)"),
        ({"action": "advance", "advance": "-10000w"}, "the clock stays between"),
        ({"action": "rewind"}, "Unknown action"),
    ],
)
def test_bad_clock_input_shows_a_message_and_leaves_the_clock(form, shown):
    client = make_app().test_client()
    before = clock_of(client)
    refused = client.post(UI + "/clock", data=form)
    assert refused.status_code == 400 and shown in message(refused.text)
    assert clock_of(client) == before


def test_a_fault_added_from_the_fields_fires_and_is_removed_from_the_page():
    client = make_app().test_client()
    client.post(UI + "/faults", data={"api": "apivideo", "path": "/videos", "status": "503", "rule": ""})
    rules = client.get("/__admin/faults").json()["faults"]
    assert [(r["match"], r["status"]) for r in rules] == [({"api": "apivideo", "path": "/videos"}, 503)]
    assert client.get("/apivideo/videos", headers=BEARER).status_code == 503
    client.post(f"{UI}/faults/{rules[0]['id']}/delete")
    assert client.get("/__admin/faults").json()["faults"] == []
    assert client.get("/apivideo/videos", headers=BEARER).status_code == 200


@pytest.mark.parametrize(
    ("form", "shown"),
    [
        ({"rule": "{not json"}, "The rule is no JSON"),
        ({"rule": json.dumps({"match": {"api": "nope"}, "status": 503})}, "(at /match/api)"),
        ({"rule": "", "status": "abc"}, "(at /status)"),
        ({"rule": ""}, "at least a status"),
    ],
)
def test_a_bad_fault_rule_shows_a_message_and_adds_nothing(form, shown):
    client = make_app().test_client()
    refused = client.post(UI + "/faults", data=form)
    assert refused.status_code == 400 and shown in message(refused.text)
    assert client.get("/__admin/faults").json()["faults"] == []


def test_latency_is_set_and_refused_as_put_latency_does():
    client = make_app().test_client()
    client.post(UI + "/latency", data={"delay": '{"fixed": "5ms"}'})
    assert client.get("/__admin/latency").json() == {"delay": {"fixed": "5ms"}}
    refused = client.post(UI + "/latency", data={"delay": '{"fixed": "later"}'})
    assert refused.status_code == 400 and "/delay" in message(refused.text)
    assert client.get("/__admin/latency").json() == {"delay": {"fixed": "5ms"}}
    assert client.get(f"{UI}/faults/f404/delete").status_code == 405  # removing is a POST


def test_the_ibm_charts_draw_the_numbers_the_api_answers(shared):
    params = {"content_type": "recorded", "from": "2026-11-18T00:00:00Z", "to": "2026-11-25T00:00:00Z"}
    html = shared.get(UI + "/ibm", params=params).text
    content_id = re.search(r'id="c-id" name="content_id" value="(\d+)"', html)[1]
    period = {"date_time_from": params["from"], "date_time_to": params["to"], "content_id": content_id}
    for chart, path in (
        ("views-day", "total-views/recorded/day"),
        ("views-hour", "total-views/recorded/hour"),
    ):
        api = shared.get(f"{IBM}/{path}", params={**period, "_limit": 1000}, headers=DEV).json()
        expected = [(a["attributes"]["point"], a["attributes"]["value"]) for a in api["data"]]
        assert bars(html, chart) == expected
    assert sum(v for _p, v in bars(html, "views-day")) > 0
    peaks = shared.get(
        f"{IBM}/peak-viewer-numbers/recorded",
        params={**period, "granularity": "hour", "_limit": 1000},
        headers=DEV,
    ).json()
    drawn = {point: value for point, value in bars(html, "peak-hour") if value}
    assert drawn == {a["attributes"]["time"]: a["attributes"]["value"] for a in peaks["data"]}


def bars(html: str, chart: str) -> list[tuple[str, int]]:
    figure = html[html.index(f'id="{chart}"') :]
    figure = figure[: figure.index("</svg>")]
    return [(p, int(v)) for p, v in re.findall(r'data-point="([^"]+)" data-value="(\d+)"', figure)]


def test_bad_chart_input_shows_a_message(shared):
    refused = shared.get(UI + "/ibm", params={"content_type": "recorded", "content_id": "x1"})
    assert refused.status_code == 400 and "content_id" in message(refused.text)
    past_the_api = shared.get(UI + "/ibm", params={"content_type": "live", "content_id": str(2**63)})
    assert past_the_api.status_code == 400
    assert message(past_the_api.text).startswith("content_id is a whole number from 0 to 9223372036854775807")
    refused = shared.get(UI + "/ibm", params={"content_type": "recorded", "content_id": "1", "from": "soon"})
    assert refused.status_code == 400 and "date_time_from" in message(refused.text)


@pytest.mark.parametrize(("method", "path"), [("GET", "/"), ("GET", "/state"), ("POST", "/clock")])
def test_the_dashboard_answers_only_whom_the_control_api_answers(method, path):
    app = make_app()
    before = clock_of(app.test_client())
    remote = app.test_client(client=REMOTE)
    answer = remote.request(method, UI + path, data={"action": "advance", "advance": "1h"})
    assert answer.status_code == 403
    assert answer.json()["detail"].startswith("The control API answers loopback clients only")
    assert clock_of(app.test_client()) == before
    admitted = make_app(admin_token="t0ken").test_client(client=REMOTE)
    assert admitted.get(UI + "/", headers={"Authorization": "Bearer t0ken"}).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [{"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"}, {"Origin": "http://evil.example"}],
)
def test_a_cross_site_form_post_is_refused_and_changes_nothing(headers):
    client = make_app().test_client()
    before = clock_of(client)
    answer = client.post(UI + "/clock", data={"action": "advance", "advance": "1h"}, headers=headers)
    assert answer.status_code == 403
    assert clock_of(client) == before
    same = client.post(
        UI + "/clock",
        data={"action": "advance", "advance": "1h"},
        headers={"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"},
        follow_redirects=False,
    )
    assert same.status_code == 303 and clock_of(client) != before


def test_a_body_that_is_no_form_is_refused_and_changes_nothing():
    client = make_app().test_client()
    client.post(UI + "/latency", data={"delay": '{"fixed": "5ms"}'})
    # An empty form would remove the latency; a JSON body is no form at all.
    answer = client.post(UI + "/latency", json={"delay": None})
    assert answer.status_code == 415
    assert client.get("/__admin/latency").json() == {"delay": {"fixed": "5ms"}}


def test_the_dashboard_serves_its_spec_with_every_form(shared):
    spec = shared.get(UI + "/openapi.json").json()
    assert spec["servers"] == [{"url": UI}]
    posts = sorted(path for path, item in spec["paths"].items() if "post" in item)
    assert posts == ["/clock", "/faults", "/faults/{ruleId}/delete", "/import", "/latency", "/scenarios/load"]


def test_the_banner_points_to_the_dashboard():
    console = Console(record=True, width=200, file=io.StringIO())
    print_banner(console, Config(size="small"), "http://127.0.0.1:8000")
    printed = console.export_text()
    assert "dashboard:  http://127.0.0.1:8000/__admin/ui/" in printed
    assert "(Swagger UI: http://127.0.0.1:8000/__admin/docs/)" in printed


def test_state_search_reads_its_text_literally(shared):
    def total(search: str) -> int:
        params = {"api": "apivideo", "collection": "videos", "limit": 0, "search": search}
        return shared.get("/__admin/state", params=params).json()["apivideo"]["videos"]["total"]

    videos = shared.get("/__admin/state", params={"api": "apivideo", "collection": "videos"}).json()
    title = videos["apivideo"]["videos"]["items"][0]["title"]
    assert total(title.upper()) >= 1  # any case
    assert total("%") == total("_") == 0  # no LIKE wildcards
