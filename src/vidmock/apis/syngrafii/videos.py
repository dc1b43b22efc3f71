"""The rules of a package's meeting videos: listing them, and deleting all or one of them.

A deleted video is never removed: it keeps its record in state `deleted` with the time of
its deletion, and it has no link any more (the wire format leaves `url` out for it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, select

from vidmock.apis.syngrafii.tables import packages, videos
from vidmock.http.errors import ApiError
from vidmock.storage.rows import Read

DELETED = "deleted"
STATES = ("started", "stopped", "queued", "failed", "archived", DELETED)

_PACKAGE = Read(select(packages).where(packages.c.package_id == bindparam("package_id")))
_VIDEOS = Read(
    select(videos)
    .where(videos.c.package_id == bindparam("package_id"))
    .order_by(videos.c.time_created, videos.c.meeting_video_id)
)


def canonical_id(value: str) -> str:
    """Ids are GUIDs, which the vendor's platform compares without regard to case."""
    return value.lower()


def require_package(conn: Connection, package_id: str) -> dict[str, Any]:
    found = _PACKAGE.first(conn, package_id=canonical_id(package_id))
    if found is None:
        raise package_not_found(package_id)
    return found


def package_not_found(package_id: str | None) -> ApiError:
    """The 404 `package_not_found` of a package that is not there (or not the caller's), in
    the vendor's words, naming the package when its id is known."""
    package = "Package" if package_id is None else f"Package '{package_id}'"
    return ApiError(
        404,
        f"The {package} was not found or you do not have permission to access the Package.",
        code="package_not_found",
        parameter="packageId",
    )


def videos_of(conn: Connection, package_id: str) -> list[dict[str, Any]]:
    """Every video of the package, deleted ones included, oldest first."""
    return _VIDEOS.rows(conn, package_id=package_id)


def delete_videos(
    conn: Connection, package_id: str, meeting_video_id: str | None, now_ms: int
) -> tuple[str, list[dict[str, Any]]]:
    """Mark the package's videos (or the one named) deleted; the package's stored id and the
    targeted videos as they stand afterwards.

    Deleting is idempotent: a video deleted before keeps its first `time_deleted`, so the same
    request gives the same answer however often it is sent."""
    package = require_package(conn, package_id)
    stored_id = package["package_id"]
    targets = videos_of(conn, stored_id)
    if meeting_video_id is not None:
        wanted = canonical_id(meeting_video_id)
        targets = [row for row in targets if row["meeting_video_id"] == wanted]
        if not targets:
            raise ApiError(
                404,
                f"The Meeting Video '{meeting_video_id}' was not found in Package '{package_id}' "
                "or you do not have permission to access it.",
                code="video_not_found",
                pointer="/meetingVideoId",
            )
    _mark_deleted(conn, [row["meeting_video_id"] for row in targets if row["state"] != DELETED], now_ms)
    ids = {row["meeting_video_id"] for row in targets}
    return stored_id, [row for row in videos_of(conn, stored_id) if row["meeting_video_id"] in ids]


def _mark_deleted(conn: Connection, ids: Sequence[str], now_ms: int) -> None:
    if ids:
        conn.execute(
            videos.update()
            .where(videos.c.meeting_video_id.in_(ids))
            .values(state=DELETED, time_deleted=now_ms)
        )
