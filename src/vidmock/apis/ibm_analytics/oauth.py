"""IBM's OAuth2 token endpoint, client-credentials grant only: it issues the JWT the
Analytics API takes in its `Authorization` header."""

from __future__ import annotations

import base64
import binascii

from connexion import request

from vidmock.apis.ibm_analytics.security import AUDIENCE
from vidmock.http.errors import ApiError, single_header
from vidmock.world import current

TOKEN_LIFETIME = 86_400
# The client's secret goes in, the JWT comes out (RFC 6749 §2.3.1, §5.1).
SECRET_FIELDS = ("client_secret", "access_token")


async def issue_token(body: dict) -> tuple[dict, int, dict]:
    world = current()
    client_id, client_secret = _client_credentials(body)
    if (client_id, client_secret) != (world.config.client_id, world.config.client_secret):
        raise client_refused()
    token = world.tokens.issue(AUDIENCE, client_id, TOKEN_LIFETIME, scope=body.get("scope", ""))
    answer = {"access_token": token.value, "token_type": "bearer", "expires_in": token.expires_in}
    return answer, 200, {"Cache-Control": "no-store"}


def client_refused() -> ApiError:
    """The 401 `invalid_client` of client credentials the server does not know (RFC 6749 §5.2)."""
    return ApiError(
        401, "Client authentication failed: unknown client_id or wrong client_secret", code="invalid_client"
    )


def _client_credentials(body: dict) -> tuple[str | None, str | None]:
    header = single_header(request.headers, "Authorization") or ""
    if header[:6].lower() == "basic ":
        try:
            decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
            client_id, _, secret = decoded.partition(":")
        except (binascii.Error, UnicodeDecodeError):
            raise ApiError(
                401,
                "The Basic authorization header is not base64 of client_id:client_secret",
                code="invalid_client",
            ) from None
        return client_id, secret
    if "client_id" not in body or "client_secret" not in body:
        raise ApiError(
            401,
            "Client authentication is missing: send HTTP Basic or client_id and client_secret",
            code="invalid_client",
        )
    return body["client_id"], body["client_secret"]
