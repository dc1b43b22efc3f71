"""The Analytics API's `Authorization` header: the raw JWT, as IBM documents it, or `Bearer <JWT>`."""

from __future__ import annotations

from typing import Any

from vidmock.world import current

AUDIENCE = "ibm-analytics"


def jwt_info(apikey: str, required_scopes: Any = None) -> dict:
    token = apikey.strip()
    if token[:7].lower() == "bearer ":
        token = token[7:].strip()
    return current().tokens.require(token, AUDIENCE)
