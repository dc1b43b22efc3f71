"""`Authorization: Bearer <JWT>`: a token from /account/login or /account/refresh-token, or the
development token, which acts as the development user."""

from __future__ import annotations

from typing import Any

from vidmock.apis.nomad.accounts import AUDIENCE, caller_id
from vidmock.world import current


def bearer_info(token: str) -> dict[str, Any]:
    claims = current().tokens.require(token.strip(), AUDIENCE)
    # Connexion puts `sub` in the request context as the user; make it the caller's user id.
    return {**claims, "sub": caller_id(claims)}
