"""Syngrafii's two ways in: an organization's `api_key` header, or an OAuth `Bearer` token.

A refusal raises 403 directly: Syngrafii lists no 401, and a missing or wrong key is a
permission problem in its documents."""

from __future__ import annotations

from typing import Any

from vidmock.http.errors import ApiError
from vidmock.world import current

AUDIENCE = "syngrafii"
DEV_API_KEY = "dev-key"
NOT_AUTHORIZED = "user_not_authorized"
# The organization's key travels in a header the spec declares (its apiKey scheme).
SECRET_FIELDS = ("api_key",)


def api_key_info(apikey: str, required_scopes: Any = None) -> dict[str, Any]:
    if apikey == DEV_API_KEY:
        return {"sub": "dev", "api_key": True}
    raise api_key_refused()


def bearer_info(token: str) -> dict[str, Any]:
    claims = current().tokens.verify(token, AUDIENCE)
    if claims is None:
        raise bearer_refused()
    return claims


def api_key_refused() -> ApiError:
    return ApiError(403, "The 'api_key' header does not hold a valid API key.", code=NOT_AUTHORIZED)


def bearer_refused() -> ApiError:
    return ApiError(
        403,
        "The 'Authorization' bearer token is not valid: it is unknown, malformed or expired.",
        code=NOT_AUTHORIZED,
    )
