"""Upload tokens and `POST /upload?token=...` (no API key: the token is the credential)."""

from __future__ import annotations

from typing import Any

from vidmock.apis.apivideo import wire
from vidmock.apis.apivideo.request_parts import content_range, file_bytes, now_ms, page_of
from vidmock.apis.apivideo.uploads import sources, tokens
from vidmock.apis.apivideo.uploads.content_range import ByteRange, Part, parse, refused
from vidmock.apis.apivideo.videos import domain as library
from vidmock.apis.apivideo.videos import wire as videos_wire
from vidmock.http.errors import ApiError
from vidmock.world import current


def token_wire(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "token": row["token"],
        "ttl": row["ttl"],
        "createdAt": wire.iso_seconds(row["created_at"]),
        "expiresAt": wire.iso_seconds(row["expires_at"]) if row["expires_at"] is not None else None,
    }


async def list_tokens(
    sortBy: str = "createdAt", sortOrder: str = "asc", currentPage: int = 1, pageSize: int = 25
) -> dict:
    with current().store.read() as conn:
        rows = tokens.list_tokens(conn, now_ms(), sortBy, sortOrder == "desc")
    page, shown = page_of(rows, currentPage, pageSize)
    return wire.listing([token_wire(row) for row in shown], page)


async def create_token(body: dict | None = None) -> dict:
    with current().store.begin() as conn:
        return token_wire(tokens.create_token(conn, (body or {}).get("ttl", 0), now_ms()))


async def get_token(uploadToken: str) -> dict:
    with current().store.read() as conn:
        return token_wire(tokens.find_token(conn, uploadToken, now_ms(), "uploadToken"))


async def delete_token(uploadToken: str) -> tuple[None, int]:
    with current().store.begin() as conn:
        tokens.delete_token(conn, uploadToken, now_ms())
    return None, 204


async def upload_with_token(
    token: str, file: Any = None, body: dict | None = None, **_: Any
) -> tuple[dict, int]:
    data, name = await file_bytes(file)
    # Connexion hands the multipart form's plain fields over as `body`.
    videoId = (body or {}).get("videoId")
    header = content_range()
    now = now_ms()
    with current().store.begin() as conn:
        tokens.find_token(conn, token, now, "token")
        video_id = _target(conn, token, videoId, header)
        if video_id is None:
            title = name or "Untitled"
            video_id = library.create_video(conn, {"title": title}, now, None)["video_id"]
        row = sources.receive(conn, video_id, data, header, now, token=token)
    return videos_wire.video(row), 201


def _target(conn, token: str, video_id: str | None, header: str | None) -> str | None:
    """The video this request continues; None when it starts a new one."""
    if video_id is not None:
        library.find_video(conn, video_id)
        upload = sources.find_upload(conn, video_id)
        if upload is None or upload["upload_token"] != token:
            raise ApiError(
                400, f"The upload of {video_id} was not started with this token", parameter="videoId"
            )
        return video_id
    chunk = parse(header) if header is not None else None
    first = (
        chunk is None
        or (isinstance(chunk, ByteRange) and chunk.start == 0)
        or (isinstance(chunk, Part) and chunk.number == 1)
    )
    if first:
        return None
    open_upload = sources.open_upload_of(conn, token)
    if open_upload is None:
        raise refused("no upload with this token is under way: its first chunk must come first")
    return open_upload


async def upload_source(videoId: str, file: Any = None, **_: Any) -> tuple[dict, int]:
    data, _name = await file_bytes(file)
    with current().store.begin() as conn:
        row = sources.receive(conn, videoId, data, content_range(), now_ms())
    return videos_wire.video(row), 201
