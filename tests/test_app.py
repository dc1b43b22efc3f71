"""What every API gets from the shared machinery: CORS, routing errors, one-API mode, persistence."""

from __future__ import annotations

from conftest import DEV, IBM, make_app

RANGE = {"date_time_from": "2026-11-01T00:00:00Z", "date_time_to": "2026-11-02T00:00:00Z"}


def test_cors_preflight_echoes_the_origin_and_allows_the_auth_header(client):
    response = client.options(
        f"{IBM}/views",
        headers={
            "Origin": "http://localhost:5173",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "http://localhost:5173"
    assert response.headers["access-control-allow-credentials"] == "true"
    assert "authorization" in response.headers["access-control-allow-headers"].lower()
    assert "GET" in response.headers["access-control-allow-methods"]


def test_cors_headers_on_answers_and_on_errors(client):
    ok = client.get(f"{IBM}/views", params=RANGE, headers={**DEV, "Origin": "https://app.example"})
    refused = client.get(f"{IBM}/views", params=RANGE, headers={"Origin": "https://app.example"})
    assert ok.headers["access-control-allow-origin"] == "https://app.example"
    assert refused.status_code == 401
    assert refused.headers["access-control-allow-origin"] == "https://app.example"


def test_wrong_method_is_405_with_the_allowed_methods(client):
    response = client.post(f"{IBM}/views", headers=DEV)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"
    assert response.json()["errors"][0]["status"] == 405


def test_unknown_paths_are_404_in_the_owning_vendors_shape(client):
    vendor = client.get(f"{IBM}/plays", headers=DEV)
    assert vendor.status_code == 404 and vendor.json()["errors"][0]["status"] == 404
    nobody = client.get("/nowhere")
    assert nobody.status_code == 404 and nobody.json()["status"] == 404


def test_a_newline_in_a_path_is_a_404_not_a_500(client):
    response = client.get(f"{IBM}/views/live%0A", params=RANGE, headers=DEV)
    assert response.status_code in (400, 404)


def test_one_api_alone_is_served_at_its_bare_base_path():
    alone = make_app(api="ibm-analytics").test_client()
    assert alone.get("/v1/views", params=RANGE, headers=DEV).status_code == 200
    token = alone.post(
        "/oauth2/token", data={"grant_type": "client_credentials"}, auth=("dev-client", "dev-secret")
    )
    assert token.status_code == 200
    assert alone.get(f"{IBM}/views", params=RANGE, headers=DEV).status_code == 404
    error = alone.get("/v1/views", params={"_limit": "0", **RANGE}, headers=DEV).json()
    assert error["errors"][0]["source"] == {"parameter": "_limit"}
    links = alone.get("/v1/views", params={**RANGE, "_limit": 1}, headers=DEV).json()["pagination"]
    assert links["self"]["href"].startswith("/views?")


def test_a_file_store_keeps_state_across_restarts(tmp_path):
    url = f"sqlite:///{tmp_path / 'state.db'}"
    first = make_app(db_url=url).test_client()
    first.post("/__admin/seed", json={"seed": 5})
    before = first.get("/__admin/state", params={"collection": "segments", "limit": 3}).json()
    restarted = make_app(db_url=url).test_client()  # would seed 1 if the file were empty
    after = restarted.get("/__admin/state", params={"collection": "segments", "limit": 3}).json()
    assert after == before
    assert restarted.get("/__admin/health").json()["seed"] == 1  # the new process was started with seed 1
