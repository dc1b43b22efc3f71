"""JTV's credentials: HTTP Basic of the OAuth client at the token endpoint, `Bearer <token>`
on every MetaX call (tokens from that endpoint, or the development token)."""

from __future__ import annotations

import hmac
from typing import Any

from vidmock.http.errors import ApiError
from vidmock.world import current

AUDIENCE = "jtv"
# The token endpoint's answer; its client authenticates with Basic, redacted as a header.
SECRET_FIELDS = ("client_secret", "access_token")


def bearer_info(token: str, required_scopes: Any = None) -> dict[str, Any]:
    claims = current().tokens.verify(token.strip(), AUDIENCE)
    if claims is None:
        raise token_refused()
    return claims


def client_info(username: str, password: str, required_scopes: Any = None) -> dict[str, Any]:
    config = current().config
    # Compare both halves every time so a wrong id and a wrong secret take as long.
    good_id = hmac.compare_digest(username.encode(), config.client_id.encode())
    good_secret = hmac.compare_digest(password.encode(), config.client_secret.encode())
    if not (good_id and good_secret):
        raise client_refused()
    return {"sub": username}


def token_refused() -> ApiError:
    """The 401 of a bearer token MetaX does not accept."""
    return ApiError(401, "Invalid Token: unknown, malformed, for another API or expired")


def client_refused() -> ApiError:
    """The 401 of the token endpoint's Basic credentials, when they are not the OAuth client's."""
    return ApiError(401, "Invalid client credentials: unknown client_id or wrong client_secret")
