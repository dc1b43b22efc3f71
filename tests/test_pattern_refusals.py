"""A trailing newline (`%0A`) is not the end of the value: patterned parameters and body fields
refuse it in each vendor's error shape, naming the field, and nothing is written.

Python's `re` lets `$` match before a final newline; ECMA-262 (the OpenAPI dialect) does not.
"""

from __future__ import annotations

import pytest

from conftest import make_app
from vidmock.scenarios import ScenarioError, check_document

APIVIDEO = {"Authorization": "Bearer dev-token"}
BEARER = {"Authorization": "Bearer dev-token"}
IBM = {"Authorization": "dev-token"}
FROM, TO = "2026-11-01T00:00:00-07:00", "2026-11-24T00:00:00-08:00"
PROFILE = "0b7e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4"


@pytest.fixture(scope="module")
def client():
    return make_app().test_client()


def test_apivideo_period_with_a_trailing_newline_is_a_400_naming_period(client):
    video = client.get("/apivideo/videos", headers=APIVIDEO).json()["data"][0]["videoId"]
    url = f"/apivideo/analytics/videos/{video}?period=2026-11"
    assert client.get(url, headers=APIVIDEO).status_code == 200
    answer = client.get(url + "%0A", headers=APIVIDEO)
    assert answer.status_code == 400
    assert answer.json()["name"] == "period"


def test_ibm_date_time_with_a_trailing_newline_is_a_400_naming_it(client):
    url = f"/ibm-analytics/v1/views?date_time_from={FROM}%0A&date_time_to={TO}"
    assert client.get(url.replace("%0A", ""), headers=IBM).status_code == 200
    answer = client.get(url, headers=IBM)
    assert answer.status_code == 400
    assert "date_time_from" in answer.json()["errors"][0]["detail"]


def test_jtv_subscriber_with_a_trailing_newline_is_a_400_naming_it(client):
    url = "/jtv/metax/2.1/activity/fav/user@example.org"
    assert client.get(url, headers=BEARER).status_code == 200
    answer = client.get(url + "%0A", headers=BEARER)
    assert answer.status_code == 400
    assert answer.json()["field"] == "SUBSCRIBER_ID"


def test_jtv_asset_with_a_trailing_newline_is_refused_and_not_stored(client):
    url = "/jtv/metax/2.1/activity/fav/user@example.org"
    before = client.get(url, headers=BEARER).json()["favorites"]
    answer = client.put(url + "/NNVG10006424%0A", headers=BEARER)
    assert answer.status_code == 400
    assert answer.json()["field"] == "ASSET_ID"
    assert client.get(url, headers=BEARER).json()["favorites"] == before


def test_nomad_profile_with_a_trailing_newline_is_a_400_naming_it(client):
    url = f"/nomad/api/media/my-content/{PROFILE}"
    assert client.get(url, headers=BEARER).status_code == 200
    answer = client.get(url + "%0A", headers=BEARER)
    assert answer.status_code == 400
    assert list(answer.json()["errors"]) == ["profileId"]


def test_nomad_body_uuid_with_a_trailing_newline_deletes_nothing(client):
    before = client.get("/__admin/export").json()["tables"]["nomad_tracking"]
    user = before[0]["user_id"]
    answer = client.post(
        "/nomad/api/admin/user/userVideoTracking/delete", headers=BEARER, json={"userId": user + "\n"}
    )
    assert answer.status_code == 400
    assert list(answer.json()["errors"]) == ["userId"]
    assert client.get("/__admin/export").json()["tables"]["nomad_tracking"] == before


def test_admin_scenario_name_with_a_trailing_newline_is_a_400_naming_it(client):
    answer = client.post("/__admin/scenarios/apivideo-empty-account%0A")
    assert answer.status_code == 400
    assert answer.json()["parameter"] == "name"


def test_admin_clock_advance_with_a_trailing_newline_leaves_the_clock(client):
    frozen = client.put("/__admin/clock", json={"frozen": True}).json()
    answer = client.put("/__admin/clock", json={"advance": "1h\n"})
    assert answer.status_code == 400
    assert answer.json()["pointer"] == "/advance"
    assert client.get("/__admin/clock").json() == frozen


def test_scenario_file_name_with_a_trailing_newline_is_refused():
    # Scenario files follow a JSON Schema (2020-12), whose patterns are ECMA-262 as well.
    with pytest.raises(ScenarioError) as refused:
        check_document({"name": "demo\n", "description": "A demo."}, "demo.yaml")
    assert refused.value.path == "/name"
    assert check_document({"name": "demo", "description": "A demo."}, "demo.yaml")["name"] == "demo"
