"""Connexion operations of the Syngrafii videos API: read the parsed request, apply the rules
of `videos`, shape the answer. The spec has already checked every field's type and length."""

from __future__ import annotations

from typing import Any

from vidmock.apis.syngrafii import videos as domain
from vidmock.apis.syngrafii import wire
from vidmock.http.errors import ApiError
from vidmock.world import current


async def list_videos(packageId: str) -> dict[str, Any]:
    world = current()
    with world.store.read() as conn:
        package = domain.require_package(conn, packageId)
        rows = domain.videos_of(conn, package["package_id"])
    return wire.package_videos(package["package_id"], rows, world.clock.now())


async def delete_videos(packageId: str, body: dict[str, Any]) -> dict[str, Any]:
    # The path names the resource: an unknown package is a 404 whatever the body says. A body
    # naming another package asks for a package this path does not address: a 404 too, as the
    # vendor answers any package it cannot find, so every well-formed request is answered as a
    # lookup (400 stays for malformed bodies).
    with current().store.begin() as conn:
        domain.require_package(conn, packageId)
    if domain.canonical_id(body["packageId"]) != domain.canonical_id(packageId):
        raise ApiError(
            404,
            f"The body's 'packageId' ({body['packageId']}) is not the package of the path ({packageId}): "
            "The Package was not found or you do not have permission to access the Package.",
            code="package_not_found",
            pointer="/packageId",
        )
    return _delete(packageId, body.get("meetingVideoId"))


async def delete_videos_by_body(body: dict[str, Any]) -> dict[str, Any]:
    return _delete(body["packageId"], body.get("meetingVideoId"))


def _delete(package_id: str, meeting_video_id: str | None) -> dict[str, Any]:
    world = current()
    now = world.clock.now()
    with world.store.begin() as conn:
        stored_id, rows = domain.delete_videos(
            conn, package_id, meeting_video_id, int(now.timestamp() * 1000)
        )
    return wire.package_videos(stored_id, rows, now)


def known_package(packageId: str, **_: str) -> None:
    """Before the body is read: a 404 `package_not_found` for an unknown package of the path
    (see `vidmock.specs.head_checks`)."""
    with current().store.read() as conn:
        domain.require_package(conn, packageId)
