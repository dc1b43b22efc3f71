"""Delegated-upload tokens: created with a time to live on the mock's clock (0: forever), listed
while active, deleted at will. An expired token is gone, as a deleted one: not listed, a 404."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, or_, select

from vidmock.apis.apivideo.common import not_found, sort_rows
from vidmock.apis.apivideo.ids import new_id
from vidmock.apis.apivideo.uploads.tables import upload_tokens
from vidmock.storage.rows import as_dicts


def _active(now_ms: int):
    column = upload_tokens.c.expires_at
    return or_(column.is_(None), column > now_ms)


def expires_at(created_ms: int, ttl: int) -> int | None:
    """When a token made at `created_ms` (Unix ms) with `ttl` seconds expires; None for 0 (never)."""
    return created_ms + ttl * 1000 if ttl else None


def create_token(conn: Connection, ttl: int, now_ms: int) -> dict[str, Any]:
    """A new token valid `ttl` seconds from `now_ms` (Unix ms); 0 never expires."""
    row = {
        "token": new_id("to"),
        "ttl": ttl,
        "created_at": now_ms,
        "expires_at": expires_at(now_ms, ttl),
    }
    conn.execute(upload_tokens.insert().values(**row))
    return row


def find_token(conn: Connection, token: str, now_ms: int, parameter: str) -> dict[str, Any]:
    """The active token, or a 404 naming `parameter` (unknown, deleted and expired alike)."""
    statement = select(upload_tokens).where(upload_tokens.c.token == token, _active(now_ms))
    row = conn.execute(statement).mappings().first()
    if row is None:
        raise not_found(parameter, token)
    return dict(row)


def list_tokens(conn: Connection, now_ms: int, sort_by: str, descending: bool) -> list[dict[str, Any]]:
    rows = as_dicts(conn.execute(select(upload_tokens).where(_active(now_ms))))
    return sort_rows(rows, lambda row: row["ttl" if sort_by == "ttl" else "created_at"], "token", descending)


def delete_token(conn: Connection, token: str, now_ms: int) -> None:
    find_token(conn, token, now_ms, "uploadToken")
    conn.execute(delete(upload_tokens).where(upload_tokens.c.token == token))
