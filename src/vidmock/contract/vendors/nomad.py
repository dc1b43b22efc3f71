"""What contract tests must know of Nomad Media: a bearer JWT from `POST /account/login`, and
that only a real account signs in, so positive sign-ins use the run's own."""

from __future__ import annotations

from typing import Any

from vidmock.apis.nomad.accounts import DEV_PASSWORD, DEV_USER_NAME
from vidmock.contract.credentials import Auth, Credentials, CredentialsError, post

DEV = Credentials(username=DEV_USER_NAME, password=DEV_PASSWORD)
# What a test client sends to be let in by the mock.
DEV_HEADERS = {"Authorization": "Bearer dev-token"}


def authenticate(creds: Credentials, base_url: str) -> Auth:
    """`--username/--password` sign in first at `<base URL>/account/login` (or `--token-url`), and
    feed the login calls; `--token` is used as is."""
    facts: dict[str, str] = {}
    token = creds.token
    if creds.username and creds.password:
        answer = post(
            creds.token_url or f"{base_url}/account/login",
            json_body={"userName": creds.username, "password": creds.password},
        )
        facts = {
            "username": creds.username,
            "password": creds.password,
            "refresh_token": str(answer.get("refreshToken", "")),
        }
        token = token or answer.get("token")
    if not token:
        raise CredentialsError("Nomad needs --token or --username/--password")
    return Auth(schemes={"Bearer": {"bearer": token}}, facts=facts)


def prepare(case: Any, facts: dict[str, str]) -> None:
    if not isinstance(case.body, dict) or "username" not in facts:
        return
    if case.operation.path == "/account/login":
        case.body = {**case.body, "userName": facts["username"], "password": facts["password"]}
    elif case.operation.path == "/account/refresh-token":
        case.body = {**case.body, "refreshToken": facts["refresh_token"]}
