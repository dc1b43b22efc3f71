"""What contract tests must know of Syngrafii that a schema cannot say: the body's `packageId`
must name the package of the path; and the two ways a client authenticates."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from vidmock.contract.credentials import Auth, Credentials, CredentialsError

DEV = Credentials(api_key="dev-key")
# What a test client sends to be let in by the mock.
DEV_HEADERS = {"api_key": "dev-key"}


def align_package_ids(path_parameters: dict[str, Any] | None, body: Any) -> None:
    """Copy the path's packageId into a generated body, where both are present. Schemathesis
    keeps path parameters percent-encoded; the body needs the value the server decodes."""
    if path_parameters and isinstance(body, dict) and isinstance(path_parameters.get("packageId"), str):
        body["packageId"] = unquote(path_parameters["packageId"])


def authenticate(creds: Credentials, base_url: str) -> Auth:
    """The spec offers an `api_key` header or a bearer token; either alone satisfies it."""
    schemes = {}
    if creds.api_key:
        schemes["ApiKey"] = {"api_key": creds.api_key}
    if creds.token:
        schemes["BearerToken"] = {"bearer": creds.token}
    if not schemes:
        raise CredentialsError("Syngrafii needs --api-key or --token")
    return Auth(schemes=schemes)


def prepare(case: Any, facts: dict[str, str]) -> None:
    align_package_ids(case.path_parameters, case.body)
