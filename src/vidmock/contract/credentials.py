"""What a contract run authenticates with, and the small HTTP calls a vendor's token flow needs."""

from __future__ import annotations

import base64
import json
import urllib.parse
import urllib.request
from dataclasses import dataclass, field, replace
from typing import Any


class CredentialsError(Exception):
    """The credentials given cannot authenticate (a token flow was refused, or none were given)."""


@dataclass(frozen=True)
class Credentials:
    token: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    api_key: str | None = None
    username: str | None = None
    password: str | None = None
    # Where the token flow runs, when a deployment keeps it on another host than the API.
    token_url: str | None = None

    def given(self) -> bool:
        return any(v for k, v in self.__dict__.items() if k != "token_url")

    def merged(self, **values: str | None) -> Credentials:
        return replace(self, **{k: v for k, v in values.items() if v is not None})


@dataclass(frozen=True)
class Auth:
    """Per security scheme of a spec, what Schemathesis sends (its `auth.openapi` config), and
    facts the run's hooks need (a refresh token a flow returned, say)."""

    schemes: dict[str, dict[str, str]] = field(default_factory=dict)
    facts: dict[str, str] = field(default_factory=dict)


def flow_url(creds: Credentials, mount: str | None, path: str, what: str) -> str:
    """`--token-url` when given, else `path` under the mount the flow belongs to; a
    CredentialsError when that mount's URL cannot be told from the base URL."""
    if creds.token_url:
        return creds.token_url
    if mount is None:
        raise CredentialsError(f"{what} is not beside --base-url: pass --token-url")
    return mount + path


def post(
    url: str,
    *,
    form: dict[str, str] | None = None,
    json_body: Any = None,
    basic: tuple[str, str] | None = None,
    timeout: float = 30.0,
) -> dict[str, Any]:
    """POST and return the JSON answer; any refusal is a CredentialsError naming the URL."""
    headers = {"Accept": "application/json"}
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    else:
        data = json.dumps(json_body).encode()
        headers["Content-Type"] = "application/json"
    if basic is not None:
        headers["Authorization"] = "Basic " + base64.b64encode(f"{basic[0]}:{basic[1]}".encode()).decode()
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        answer = exc.read()[:300].decode(errors="replace")
        hint = " (NOT FOUND — is --base-url right? or pass --token-url)" if exc.code == 404 else ""
        raise CredentialsError(f"the token flow at {url} was refused: {exc.code} {answer}{hint}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise CredentialsError(f"the token flow at {url} failed: {exc}") from None
