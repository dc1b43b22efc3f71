"""The control API's clock, export and import."""

from __future__ import annotations

import copy

import pytest

from conftest import DEV, IBM

pytestmark = pytest.mark.also_on_postgresql

BEARER = {"Authorization": "Bearer dev-token"}

EVERYTHING = {"date_time_from": "2000-01-01T00:00:00Z", "date_time_to": "2030-01-01T00:00:00Z"}

# A spread of read calls over every vendor, compared before and after a round trip.
PROBES = (
    (f"{IBM}/views", EVERYTHING),
    (f"{IBM}/total-views/summary", EVERYTHING),
    ("/apivideo/videos", {"pageSize": 100}),
    ("/apivideo/live-streams", {}),
    ("/jtv/metax/2.1/activity/watch/user@example.org", {}),
    ("/nomad/api/media/my-content", {}),
    ("/syngrafii/api/v1/packages/c603079c-2dc7-4af7-8c2e-dc992662621c/videos", {}),
)


def probe(client) -> list:
    answers = []
    for path, params in PROBES:
        response = client.get(path, params=params, headers=DEV if path.startswith(IBM) else BEARER)
        assert response.status_code == 200, response.text
        answers.append(response.json())
    state = client.get("/__admin/state", params={"limit": 100000}).json()
    return [answers, state]


def test_clock_reads_freezes_runs_and_advances(client):
    assert client.get("/__admin/clock").json() == {"now": "2026-11-24T12:00:00+00:00", "frozen": True}
    moved = client.put("/__admin/clock", json={"advance": "90m"}).json()
    assert moved == {"now": "2026-11-24T13:30:00+00:00", "frozen": True}
    back = client.put("/__admin/clock", json={"now": "2026-01-01T00:00:00Z", "advance": "-1d"}).json()
    assert back == {"now": "2025-12-31T00:00:00+00:00", "frozen": True}
    running = client.put("/__admin/clock", json={"frozen": False}).json()
    assert running["frozen"] is False and running["now"].startswith("2025-12-31T00:00")
    assert client.get("/__admin/health").json()["clock"]["frozen"] is False
    frozen = client.put("/__admin/clock", json={"frozen": True, "now": "2026-11-24T12:00:00Z"}).json()
    assert frozen == {"now": "2026-11-24T12:00:00+00:00", "frozen": True}


def test_bad_clock_changes_are_400s_and_change_nothing(client):
    for body, pointer in (
        ({"advance": "2 days"}, "/advance"),
        ({"now": "yesterday"}, "/now"),
        ({"x": 1}, "/x"),
    ):
        response = client.put("/__admin/clock", json=body)
        assert response.status_code == 400, body
        assert response.json()["pointer"] == pointer
    naive = client.put("/__admin/clock", json={"now": "2026-01-01T00:00:00", "advance": "1d"})
    assert naive.status_code == 400
    assert client.get("/__admin/clock").json()["now"] == "2026-11-24T12:00:00+00:00"


def test_advancing_the_clock_expires_an_issued_token(client):
    issued = client.post(
        "/ibm-analytics/oauth2/token",
        data={"grant_type": "client_credentials", "token_type": "jwt"},
        auth=("dev-client", "dev-secret"),
    ).json()
    bearer = {"Authorization": f"Bearer {issued['access_token']}"}
    assert client.get(f"{IBM}/views", params=EVERYTHING, headers=bearer).status_code == 200
    client.put("/__admin/clock", json={"advance": "86399s"})
    assert client.get(f"{IBM}/views", params=EVERYTHING, headers=bearer).status_code == 200
    client.put("/__admin/clock", json={"advance": "2s"})
    assert client.get(f"{IBM}/views", params=EVERYTHING, headers=bearer).status_code == 401


def test_export_reset_import_gives_identical_answers(client):
    # Change the world through the APIs first, so the round trip carries more than the seed.
    created = client.post("/apivideo/videos", json={"title": "round trip"}, headers=BEARER)
    assert created.status_code == 201
    before = probe(client)
    snapshot = client.get("/__admin/export").json()
    assert snapshot["format"] == "vidmock-state" and snapshot["version"] == 1
    assert set(snapshot["tables"]) >= {"ibm_segments", "ibm_views", "apivideo_videos", "jtv_activity"}
    client.post("/__admin/reset")
    assert probe(client) != before  # the video created above is gone
    client.post("/__admin/seed", json={"seed": 7})
    imported = client.post("/__admin/import", json=snapshot)
    assert imported.status_code == 200
    assert imported.json()["counts"]["apivideo_videos"] == len(snapshot["tables"]["apivideo_videos"])
    assert probe(client) == before
    assert client.get("/__admin/export").json()["tables"] == snapshot["tables"]


def test_refused_imports_name_the_problem_and_leave_the_store_alone(client):
    snapshot = client.get("/__admin/export").json()
    before = client.get("/__admin/state", params={"limit": 100000}).json()

    def broken(change) -> dict:
        document = copy.deepcopy(snapshot)
        change(document)
        return document

    def drop_column(d):
        del d["tables"]["jtv_assets"][0]["title"]

    cases = (
        (broken(lambda d: d.update(version=2)), "/version", "version"),
        (broken(lambda d: d.update(format="other")), "/format", "vidmock-state"),
        (broken(lambda d: d["tables"].update(plays=[])), "/tables/plays", "no such table"),
        (broken(drop_column), "/tables/jtv_assets/0", "missing column 'title'"),
        (
            broken(lambda d: d["tables"]["jtv_assets"][1].update(duration="long")),
            "/tables/jtv_assets/1/duration",
            "expected an integer",
        ),
        (
            broken(lambda d: d["tables"]["jtv_assets"].append(d["tables"]["jtv_assets"][0])),
            "/tables/jtv_assets",
            "constraint",
        ),
    )
    for document, pointer, words in cases:
        response = client.post("/__admin/import", json=document)
        assert response.status_code == 400, pointer
        assert response.json()["pointer"] == pointer and words in response.json()["detail"]
    assert client.get("/__admin/state", params={"limit": 100000}).json() == before


def test_the_clock_stays_in_a_range_worlds_can_be_built_around(client):
    too_long = client.put("/__admin/clock", json={"advance": "-999999999w"})
    assert too_long.status_code == 400 and too_long.json()["pointer"] == "/advance"
    # The year alone is the spec's pattern, named and described in words.
    for early_or_late in ("1999-12-31T23:59:59Z", "9000-01-01T00:00:00Z"):
        response = client.put("/__admin/clock", json={"now": early_or_late})
        assert response.status_code == 400 and response.json()["pointer"] == "/now"
        assert "years 2000 to 8999" in response.json()["detail"]
    # An advance or an offset that carries it past either end is refused by the clock's rule.
    for body in (
        {"advance": "-99999w"},
        {"now": "2000-01-01T00:30:00+01:00"},
        {"now": "8999-12-31T00:00:00Z", "advance": "2d"},
    ):
        response = client.put("/__admin/clock", json=body)
        assert (
            response.status_code == 400 and "between 2000-01-01 and 9000-01-01" in response.json()["detail"]
        )
    assert client.get("/__admin/clock").json()["now"] == "2026-11-24T12:00:00+00:00"
    client.put("/__admin/clock", json={"now": "2000-01-01T00:00:00Z"})
    assert client.post("/__admin/reset").status_code == 200


def test_an_import_refuses_integers_the_store_cannot_hold(client):
    snapshot = client.get("/__admin/export").json()
    snapshot["tables"]["jtv_assets"][0]["duration"] = 2**70
    response = client.post("/__admin/import", json=snapshot)
    assert response.status_code == 400 and response.json()["pointer"] == "/tables/jtv_assets/0/duration"


@pytest.mark.parametrize("seed", [2**63, -1])
def test_an_import_refuses_a_seed_no_world_is_built_with(client, seed):
    snapshot = client.get("/__admin/export").json()
    response = client.post("/__admin/import", json={**snapshot, "seed": seed})
    assert response.status_code == 400 and response.json()["pointer"] == "/seed"
    assert client.get("/__admin/health").json()["seed"] == snapshot["seed"]
    assert client.get("/__admin/export").json() == snapshot
