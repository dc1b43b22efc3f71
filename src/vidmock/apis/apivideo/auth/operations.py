"""api.video's authentication: the API key buys an access token (a JWT, 1 h on the mock's
clock) and a refresh token (30 days); the bearer check every other operation runs."""

from __future__ import annotations

from typing import Any

from vidmock.apis.apivideo.errors import INVALID_CREDENTIALS
from vidmock.http.errors import ApiError
from vidmock.world import current

DEV_API_KEY = "dev-key"
AUDIENCE = "apivideo"
REFRESH_AUDIENCE = "apivideo:refresh"
ACCESS_LIFETIME = 3600
REFRESH_LIFETIME = 30 * 86_400
# The API key goes in, a token pair comes out; a refresh token goes in again.
# `signatureSecret`: the key of a webhook's HMAC signatures, shown by the control API's delivery records.
SECRET_FIELDS = ("apiKey", "refreshToken", "access_token", "refresh_token", "signatureSecret")


def bearer_info(token: str, required_scopes: Any = None) -> dict:
    return current().tokens.require(token, AUDIENCE)


def basic_info(username: str, password: str, required_scopes: Any = None) -> dict:
    """HTTP Basic with the API key as the user name and an empty password, as api.video takes
    it (and its Node.js client from 2.5 sends it). Errors: 401 naming `Authorization`."""
    if username != DEV_API_KEY or password:
        raise ApiError(
            401,
            "Basic credentials are the API key as user name and an empty password"
            " (the development key is 'dev-key')",
        )
    return {"sub": username}


async def authenticate(body: dict) -> dict:
    if body["apiKey"] != DEV_API_KEY:
        raise api_key_refused()
    return _token_pair(body["apiKey"])


async def refresh(body: dict) -> dict:
    claims = current().tokens.verify(body["refreshToken"], REFRESH_AUDIENCE)
    # The development token opens every API but is no refresh token.
    if claims is None or claims.get("dev"):
        raise refresh_token_refused()
    return _token_pair(claims["sub"])


def api_key_refused() -> ApiError:
    """The 400 `authenticationinvalid_credentials` of an unknown API key, naming `apiKey`."""
    return ApiError(
        400,
        "The apiKey is not a known API key (the development key is 'dev-key')",
        parameter="apiKey",
        code=INVALID_CREDENTIALS,
    )


def refresh_token_refused() -> ApiError:
    """The 400 `authenticationinvalid_credentials` of a refresh token not accepted."""
    return ApiError(
        400,
        "The refreshToken is unknown, malformed or expired: authenticate with the API key again",
        parameter="refreshToken",
        code=INVALID_CREDENTIALS,
    )


def _token_pair(api_key: str) -> dict:
    tokens = current().tokens
    access = tokens.issue(AUDIENCE, api_key, ACCESS_LIFETIME)
    refresh_token = tokens.issue(REFRESH_AUDIENCE, api_key, REFRESH_LIFETIME)
    return {
        "token_type": "Bearer",
        "expires_in": access.expires_in,
        "access_token": access.value,
        "refresh_token": refresh_token.value,
    }
