"""Nomad users and their sign-in: who may log in, and the tokens a login hands out."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection, func, select

from vidmock.apis.nomad.tables import users
from vidmock.auth import IssuedToken, Tokens

# Access tokens are checked by the API, refresh tokens only by /account/refresh-token:
# separate audiences keep one from passing for the other.
AUDIENCE = "nomad"
REFRESH_AUDIENCE = "nomad-refresh"
ACCESS_SECONDS = 3_600
REFRESH_SECONDS = 30 * 86_400

# The development user: in every seeded world, and who `dev-token` acts as.
DEV_USER_ID = "d0e5f0a1-7c3b-4e2a-9b1d-000000000001"
DEV_USER_NAME = "dev@nomad.example"
DEV_PASSWORD = "dev-password"
SEEDED_PASSWORD = "password"
# Login and refresh bodies carry these in; their answers carry the tokens out.
SECRET_FIELDS = ("password", "newPassword", "token", "refreshToken")

_SESSIONS = uuid.UUID("8a7d3b52-6f0e-4d1c-b5a9-2e4f6c8d0a1b")


def user_by_credentials(conn: Connection, user_name: str, password: str) -> dict[str, Any] | None:
    """The user with this e-mail (any case) and password, or None."""
    row = (
        conn.execute(select(users).where(func.lower(users.c.user_name) == user_name.strip().lower()))
        .mappings()
        .first()
    )
    if row is None or row["password"] != password:
        return None
    return dict(row)


def user_by_id(conn: Connection, user_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(users).where(users.c.id == user_id)).mappings().first()
    return None if row is None else dict(row)


def caller_id(claims: dict[str, Any]) -> str:
    """The user a verified credential acts for: the development token is the development user."""
    return DEV_USER_ID if claims.get("dev") else str(claims["sub"])


def issue_tokens(tokens: Tokens, user_id: str) -> tuple[IssuedToken, IssuedToken, str]:
    """An access token, a refresh token and the id of the session they open."""
    access = tokens.issue(AUDIENCE, user_id, ACCESS_SECONDS)
    refresh = tokens.issue(REFRESH_AUDIENCE, user_id, REFRESH_SECONDS)
    session_id = str(uuid.uuid5(_SESSIONS, access.claims["jti"] + "/" + user_id))
    return access, refresh, session_id


def refresh_subject(tokens: Tokens, refresh_token: str) -> str | None:
    """The user a valid, unexpired refresh token belongs to; the development token is not one."""
    claims = tokens.verify(refresh_token, REFRESH_AUDIENCE)
    if claims is None or claims.get("dev"):
        return None
    return str(claims["sub"])
