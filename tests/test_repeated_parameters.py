"""A parameter that takes one value, sent twice, is a 400 in the vendor's shape naming it, and
nothing is written: which of the values was meant would be a guess. Only an exploded array
(`tags[]=a&tags[]=b`) takes repeats, one item each (`test_query_arrays`)."""

from __future__ import annotations

import base64
import html

import pytest

pytest.register_assert_rewrite("nomad_fixtures")
pytest_plugins = ["jtv_fixtures", "nomad_fixtures"]

from apivideo_uploads import SAMPLE, new_video  # noqa: E402
from apivideo_world import API  # noqa: E402
from apivideo_world import DEV as APIVIDEO  # noqa: E402
from conftest import DEV as IBM_DEV  # noqa: E402
from conftest import IBM, make_app, segment  # noqa: E402
from jtv_helpers import BEARER as JTV_BEARER  # noqa: E402
from jtv_helpers import JTV, SUB, ingest, row  # noqa: E402
from jtv_helpers import stored as jtv_stored  # noqa: E402
from nomad_fixtures import DEV as NOMAD_DEV  # noqa: E402
from nomad_fixtures import NOMAD, asset, nid  # noqa: E402
from syngrafii_fixtures import BASE as SYNGRAFII  # noqa: E402
from syngrafii_fixtures import gid  # noqa: E402
from vidmock.apis.apivideo.images import placeholder_jpeg  # noqa: E402

SEPTEMBER = "date_time_from=2026-09-01T00:00:00Z&date_time_to=2026-09-30T00:00:00Z"
ONE_VALUE = "it takes one value"
BASIC = "Basic " + base64.b64encode(b"dev-client:dev-secret").decode()
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def twice(name: str, first: str, second: str) -> list[tuple[str, str]]:
    return [(name, first), (name, second)]


def test_ibm_content_ids_sent_as_two_parameters_are_refused_and_one_list_counts_both(
    empty_client, add_segments
):
    add_segments(
        segment("a", 1_790_000_000, 1_790_000_100, content_id=7, view_session_id="s-a"),
        segment("b", 1_790_000_000, 1_790_000_100, content_id=9, view_session_id="s-b"),
    )
    summary = f"{IBM}/total-views/recorded/summary?{SEPTEMBER}"
    repeated = empty_client.get(f"{summary}&content_id=7&content_id=9", headers=IBM_DEV)
    assert repeated.status_code == 400
    assert repeated.json()["errors"] == [
        {
            "status": 400,
            "title": "Bad Request",
            "detail": "Query parameter 'content_id' was sent 2 times; its items go in one value, "
            "separated by ',' (content_id=1,2)",
            "source": {"parameter": "content_id"},
        }
    ]
    one_list = empty_client.get(f"{summary}&content_id=7,9", headers=IBM_DEV)
    assert one_list.status_code == 200
    assert [point["attributes"]["value"] for point in one_list.json()["data"]] == [2]


def named_in(response) -> tuple[str, str]:
    """(the parameter named, the message) of a 400, whichever vendor's shape it has."""
    body = response.json()
    if "errors" in body and isinstance(body["errors"], list):  # IBM
        return body["errors"][0]["source"]["parameter"], body["errors"][0]["detail"]
    if "errors" in body:  # Nomad: ASP.NET's validation problem
        (name, messages), *_ = body["errors"].items()
        return name, messages[0]
    if "problems" in body:  # api.video
        return body["name"], body["detail"]
    if "field" in body:  # JTV
        return body["field"], body["reason"]
    if "error_description" in body:  # RFC 6749
        return "", body["error_description"]
    if "parameter" in body:  # the control API
        return body["parameter"], body["detail"]
    return "", body["message"]  # Syngrafii


@pytest.mark.parametrize(
    ("path", "headers", "name"),
    [
        (f"{IBM}/views?{SEPTEMBER}&_limit=1&_limit=2", IBM_DEV, "_limit"),
        (f"{API}/videos?pageSize=1&pageSize=2", APIVIDEO, "pageSize"),
        (f"{API}/videos?title=a&title=b", APIVIDEO, "title"),
        (f"{JTV}/metax/2.1/activity/fav/{SUB}?size=1&size=2", JTV_BEARER, "size"),
        ("/__admin/requests?limit=1&limit=2", {}, "limit"),
        ("/__admin/state?view=api&view=store", {}, "view"),
    ],
)
def test_a_query_parameter_sent_twice_is_refused_naming_it(empty_client, path, headers, name):
    response = empty_client.get(path, headers=headers)
    assert response.status_code == 400
    assert named_in(response) == (name, f"Query parameter '{name}' was sent 2 times; {ONE_VALUE}")


def test_a_nomad_beacon_with_two_positions_records_nothing(empty_client, nomad_world, stored):
    nomad_world(asset("film", seconds=600.0))
    query = f"assetId={nid('film')}&second=42&second=7"
    response = empty_client.get(f"{NOMAD}/asset/tracking?{query}", headers=NOMAD_DEV)
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "second": [f"Query parameter 'second' was sent 2 times; {ONE_VALUE}"]
    }
    assert stored() == {}


def test_a_jtv_rating_with_two_scores_keeps_the_rating(jtv, jtv_app):
    ingest(jtv, {"view_data": [{"asset_id": "6149", "user_rating": 4}]})
    response = jtv.put(f"{JTV}/metax/2.1/activity/review/{SUB}/6149?score=5&score=1", headers=JTV_BEARER)
    assert response.status_code == 400 and response.json()["field"] == "score"
    assert jtv_stored(jtv_app)["activity"]["6149"] == row(user_rating=4)


def test_a_jtv_ingest_with_two_is_delta_values_changes_nothing(jtv, jtv_app):
    ingest(jtv, {"favorites": ["6149"]})
    response = ingest(jtv, {"favorites": []}, isDelta=["true", "false"])
    assert response.status_code == 400 and response.json()["field"] == "isDelta"
    assert jtv_stored(jtv_app)["favorites"] == ["6149"]


def test_an_mp4_asked_for_with_two_ranges_headers_is_refused_naming_range(empty_client):
    video_id = new_video(empty_client)
    assets = empty_client.get(f"{API}/videos/{video_id}", headers=APIVIDEO).json()["assets"]
    mp4 = assets["mp4"].removeprefix("http://testserver")
    response = empty_client.get(mp4, headers=twice("Range", "bytes=0-99", "bytes=100-199"))
    assert response.status_code == 400
    assert named_in(response) == ("Range", f"Header 'Range' was sent 2 times; {ONE_VALUE}")


def test_an_upload_chunk_with_two_content_ranges_is_refused_and_nothing_stored(empty_client):
    video_id = new_video(empty_client)
    size = len(SAMPLE)
    headers = [*APIVIDEO.items(), *twice("Content-Range", f"bytes 0-{size - 1}/{size}", f"bytes 0-9/{size}")]
    files = {"file": ("clip.mp4", SAMPLE, "video/mp4")}
    response = empty_client.post(f"{API}/videos/{video_id}/source", headers=headers, files=files)
    assert response.status_code == 400
    assert named_in(response) == ("Content-Range", f"Header 'Content-Range' was sent 2 times; {ONE_VALUE}")
    status = empty_client.get(f"{API}/videos/{video_id}/status", headers=APIVIDEO).json()
    assert status["ingest"]["status"] == "missing"


def test_a_source_upload_with_two_files_is_refused_naming_file(empty_client):
    video_id = new_video(empty_client)
    files = [("file", ("a.mp4", SAMPLE, "video/mp4")), ("file", ("b.mp4", SAMPLE, "video/mp4"))]
    response = empty_client.post(f"{API}/videos/{video_id}/source", headers=APIVIDEO, files=files)
    assert response.status_code == 400
    assert named_in(response) == ("file", "Form field 'file' was sent 2 times; it takes one file")
    status = empty_client.get(f"{API}/videos/{video_id}/status", headers=APIVIDEO).json()
    assert status["ingest"]["status"] == "missing"


@pytest.mark.parametrize(
    ("path", "name", "first", "second"),
    [
        (f"{IBM}/views?{SEPTEMBER}", "Authorization", "dev-token", "not-a-token"),
        (f"{API}/videos", "Authorization", "Bearer dev-token", "Bearer not-a-token"),
        (f"{JTV}/metax/2.1/activity/fav/{SUB}", "Authorization", "Bearer dev-token", "Bearer not-a-token"),
        (f"{NOMAD}/media/my-content", "Authorization", "Bearer dev-token", "Bearer not-a-token"),
        (f"{SYNGRAFII}/packages/{gid('p')}/videos", "api_key", "dev-key", "not-a-key"),
    ],
    ids=["ibm", "apivideo", "jtv", "nomad", "syngrafii"],
)
def test_a_credential_header_sent_twice_is_refused_naming_it(empty_client, path, name, first, second):
    response = empty_client.get(path, headers=twice(name, first, second))
    assert response.status_code == 400
    assert named_in(response)[1] == f"Header '{name}' was sent 2 times; {ONE_VALUE}"


def test_ibm_token_endpoint_refuses_a_form_field_sent_twice_as_invalid_request(empty_client):
    form = "grant_type=client_credentials&client_id=dev-client&client_secret=dev-secret&client_secret=x"
    response = empty_client.post("/ibm-analytics/oauth2/token", content=form, headers=FORM)
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_request",
        "error_description": f"Form field 'client_secret' was sent 2 times; {ONE_VALUE}",
    }


def test_ibm_token_endpoint_refuses_two_basic_credentials_as_invalid_request(empty_client):
    headers = [*FORM.items(), *twice("Authorization", BASIC, "Basic eDp5")]
    response = empty_client.post(
        "/ibm-analytics/oauth2/token", content="grant_type=client_credentials", headers=headers
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_request",
        "error_description": f"Header 'Authorization' was sent 2 times; {ONE_VALUE}",
    }


@pytest.mark.parametrize(
    ("form", "authorization", "name", "where"),
    [
        ("grant_type=client_credentials&grant_type=client_credentials", [BASIC], "grant_type", "Form field"),
        ("grant_type=client_credentials", [BASIC, BASIC], "Authorization", "Header"),
    ],
    ids=["grant_type", "Basic credentials"],
)
def test_jtv_token_endpoint_refuses_a_value_sent_twice(jtv, form, authorization, name, where):
    headers = [*FORM.items(), *(("Authorization", value) for value in authorization)]
    response = jtv.post(f"{JTV}/ums/2.0/oauth/", content=form, headers=headers)
    assert response.status_code == 400
    assert response.json() == {
        "result": "error",
        "message": "BAD_REQUEST",
        "reason": f"{where} '{name}' was sent 2 times; {ONE_VALUE}",
        "field": name,
    }


def test_an_apivideo_logo_with_two_links_is_refused_naming_link(empty_client):
    player = empty_client.post(f"{API}/players", headers=APIVIDEO, json={}).json()["playerId"]
    before = empty_client.get(f"{API}/players/{player}", headers=APIVIDEO).json()
    response = empty_client.post(
        f"{API}/players/{player}/logo",
        headers=APIVIDEO,
        files=[("file", ("logo.jpg", placeholder_jpeg(200, 100, "brand"), "image/jpeg"))],
        data={"link": ["https://a.example", "https://b.example"]},
    )
    assert response.status_code == 400
    assert named_in(response) == ("link", f"Form field 'link' was sent 2 times; {ONE_VALUE}")
    assert empty_client.get(f"{API}/players/{player}", headers=APIVIDEO).json() == before


def test_the_control_api_refuses_two_admin_tokens_from_another_host():
    remote = make_app(admin_token="s3cret").test_client(client=("203.0.113.7", 40000))
    response = remote.get("/__admin/health", headers=twice("Authorization", "Bearer s3cret", "Bearer other"))
    assert response.status_code == 400
    assert response.json() == {
        "type": "about:blank",
        "title": "Bad Request",
        "status": 400,
        "detail": f"Header 'Authorization' was sent 2 times; {ONE_VALUE}",
        "parameter": "Authorization",
    }


def test_the_dashboard_refuses_a_field_sent_twice_and_changes_nothing(empty_client):
    before = empty_client.get("/__admin/clock").json()
    form = "action=advance&advance=1h&advance=1d"
    answer = empty_client.post("/__admin/ui/clock", content=form, headers=FORM)
    assert answer.status_code == 400
    assert f"Form field 'advance' was sent 2 times; {ONE_VALUE}" in html.unescape(answer.text)
    assert empty_client.get("/__admin/clock").json() == before
    page = empty_client.get("/__admin/ui/state?page=1&page=2")
    assert page.status_code == 400
    assert f"Query parameter 'page' was sent 2 times; {ONE_VALUE}" in html.unescape(page.text)
