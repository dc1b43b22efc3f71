"""What contract tests must know of JunctionTV: MetaX calls take a bearer token, the UMS token
endpoint takes the client's HTTP Basic credentials."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from vidmock.contract.credentials import Auth, Credentials, CredentialsError, post

DEV = Credentials(token="dev-token", client_id="dev-client", client_secret="dev-secret")
# What a test client sends to be let in by the mock.
DEV_HEADERS = {"Authorization": "Bearer dev-token"}


def authenticate(creds: Credentials, base_url: str) -> Auth:
    """Basic for the token endpoint (`<base URL>/ums/2.0/oauth/`, or `--token-url`); for the rest
    `--token`, or the token the flow returns."""
    schemes: dict[str, dict[str, str]] = {}
    token = creds.token
    if creds.client_id and creds.client_secret:
        schemes["basicAuth"] = {"username": creds.client_id, "password": creds.client_secret}
        if token is None:
            answer = post(
                creds.token_url or f"{base_url}/ums/2.0/oauth/",
                form={"grant_type": "client_credentials"},
                basic=(creds.client_id, creds.client_secret),
            )
            token = answer.get("access_token")
    if not token:
        raise CredentialsError("JTV needs --token or --client-id/--client-secret")
    schemes["bearerAuth"] = {"bearer": token}
    return Auth(schemes=schemes)


def accept(case: Any) -> bool:
    """JTV's ids are printable ASCII. A generator can still draw a lone surrogate for them, which
    no URL can carry (it goes out as U+FFFD): such a positive case is not the data it claims."""
    return all(
        not isinstance(value, str) or unquote(value).isascii()
        for value in (case.path_parameters or {}).values()
    )
