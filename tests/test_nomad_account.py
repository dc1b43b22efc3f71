"""Login and token refresh: seeded and hand-built users, the JWTs, the 404s the vendor documents."""

from __future__ import annotations

from datetime import timedelta

import pytest

pytest.register_assert_rewrite("nomad_fixtures")
pytest_plugins = ["nomad_fixtures"]

from nomad_fixtures import DEV, NOMAD, nid, user  # noqa: E402
from vidmock.apis.nomad.accounts import DEV_PASSWORD, DEV_USER_ID, DEV_USER_NAME  # noqa: E402

LOGIN = f"{NOMAD}/account/login"
REFRESH = f"{NOMAD}/account/refresh-token"
MY = f"{NOMAD}/media/my-content"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_the_development_user_logs_in_in_a_seeded_world(client):
    response = client.post(LOGIN, json={"userName": DEV_USER_NAME.upper(), "password": DEV_PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["userName"], body["expirationSeconds"]) == (DEV_USER_ID, DEV_USER_NAME, 3600.0)
    assert body["loginStatus"] is None and body["isAdmin"] is True
    # The JWT reads the same lists the development token does: both are the development user.
    assert client.get(MY, headers=bearer(body["token"])).json() == client.get(MY, headers=DEV).json()


def test_seeded_users_log_in_with_the_documented_password(app, client):
    state = client.get("/__admin/state", params={"api": "nomad", "collection": "users"}).json()
    someone = next(u for u in state["nomad"]["users"]["items"] if u["id"] != DEV_USER_ID)
    response = client.post(LOGIN, json={"userName": someone["user_name"], "password": "password"})
    assert response.status_code == 200 and response.json()["id"] == someone["id"]


@pytest.fixture
def alice(empty_client, nomad_world):
    nomad_world(user("alice", password="s3cret"))
    return empty_client


@pytest.mark.parametrize(
    "credentials",
    [
        {"userName": "alice@example.com", "password": "wrong"},
        {"userName": "carol@example.com", "password": "s3cret"},
    ],
)
def test_bad_credentials_are_404(alice, credentials):
    response = alice.post(LOGIN, json=credentials)
    assert response.status_code == 404
    assert response.json()["title"] == "Not Found" and "Authentication failed" in response.json()["detail"]


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (b"", "$"),
        (b'{"userName": "alice@example.com"}', "password"),
        (b'{"userName": "", "password": "s3cret"}', "userName"),
        (b'{"userName": "alice@example.com", "password": "s3cret", "remember": true}', "remember"),
        (b'{"userName": "alice@example.com", "password": "s3cret", "applicationId": "app"}', "applicationId"),
    ],
)
def test_bad_login_bodies_are_400_naming_the_field(alice, raw, field):
    response = alice.post(LOGIN, content=raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_refresh_gives_new_working_tokens_until_it_expires(alice, empty_app):
    login = alice.post(LOGIN, json={"userName": "alice@example.com", "password": "s3cret"}).json()
    empty_app.world.clock.advance(timedelta(hours=2))
    assert alice.get(MY, headers=bearer(login["token"])).status_code == 401  # the access token expired
    renewed = alice.post(
        REFRESH, json={"refreshToken": login["refreshToken"]}, headers={"Content-Type": "text/json"}
    )
    assert renewed.status_code == 200 and renewed.json()["id"] == nid("alice")
    assert alice.get(MY, headers=bearer(renewed.json()["token"])).status_code == 200
    empty_app.world.clock.advance(timedelta(days=31))
    expired = alice.post(REFRESH, json={"refreshToken": renewed.json()["refreshToken"]})
    assert expired.status_code == 404


@pytest.mark.parametrize("which", ["access", "dev", "garbage"])
def test_only_a_refresh_token_refreshes(alice, which):
    login = alice.post(LOGIN, json={"userName": "alice@example.com", "password": "s3cret"}).json()
    token = {"access": login["token"], "dev": "dev-token", "garbage": "abc.def.ghi"}[which]
    response = alice.post(REFRESH, json={"refreshToken": token})
    assert response.status_code == 404 and "invalid or has expired" in response.json()["detail"]


def test_a_refresh_token_cannot_be_used_as_an_access_token(alice):
    login = alice.post(LOGIN, json={"userName": "alice@example.com", "password": "s3cret"}).json()
    assert alice.get(MY, headers=bearer(login["refreshToken"])).status_code == 401
