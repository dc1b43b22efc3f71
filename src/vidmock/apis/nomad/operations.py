"""Connexion operations of the Nomad API: read the parsed request, call the domain, shape the
answer. The spec has already checked every id, enum and type; ids are lower-cased here so
`ABCD…` and `abcd…` name the same record."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from connexion import NoContent
from connexion.context import context

from vidmock.apis.nomad import accounts, tracking, wire
from vidmock.http.errors import ApiError
from vidmock.world import current

# Operations that also answer ProblemDetails must say which type a success has.
JSON = {"Content-Type": "application/json"}
HTML = {"Content-Type": "text/html"}


def beacon_time(at: datetime) -> str:
    # Fixed width (milliseconds, Z) so stored dates sort as text in time order.
    at = at.astimezone(UTC)
    return f"{at:%Y-%m-%dT%H:%M:%S}.{at.microsecond // 1000:03d}Z"


def _id(value: str | None) -> str | None:
    return None if value is None else value.lower()


def _caller() -> str:
    return str(context["user"])


async def login(body: dict[str, Any]) -> tuple[dict[str, Any], int, dict]:
    world = current()
    with world.store.begin() as conn:
        user = accounts.user_by_credentials(conn, body["userName"], body["password"])
    if user is None:
        raise login_refused()
    return _signed_in(user), 200, JSON


async def refresh_token(body: dict[str, Any]) -> tuple[dict[str, Any], int, dict]:
    world = current()
    user_id = accounts.refresh_subject(world.tokens, body["refreshToken"])
    with world.store.begin() as conn:
        user = accounts.user_by_id(conn, user_id) if user_id else None
    if user is None:
        raise refresh_refused()
    return _signed_in(user), 200, JSON


def login_refused() -> ApiError:
    """Nomad answers unknown credentials with a 404."""
    return ApiError(404, "Authentication failed: unknown userName or wrong password")


def refresh_refused() -> ApiError:
    return ApiError(404, "The refresh token is invalid or has expired")


def no_such_user(user_id: str) -> ApiError:
    return ApiError(404, f"No user with userId '{user_id}'", parameter="userId")


def _signed_in(user: dict[str, Any]) -> dict[str, Any]:
    access, refresh, session_id = accounts.issue_tokens(current().tokens, user["id"])
    return wire.login_answer(user, access, refresh, session_id)


async def track(
    trackingEvent: str | None = None,
    assetId: str | None = None,
    livechannelId: str | None = None,
    contentId: str | None = None,
    profileId: str | None = None,
    second: int | None = None,
) -> tuple[str, int, dict]:
    target = assetId or livechannelId
    if target is not None:
        world = current()
        beacon = tracking.Beacon(
            user_id=_caller(),
            asset_id=target.lower(),
            event=tracking.event_named(trackingEvent),
            at=beacon_time(world.clock.now()),
            profile_id=_id(profileId),
            content_id=_id(contentId),
            second=second,
            live_channel=assetId is None,
        )
        with world.store.begin() as conn:
            tracking.record_beacon(conn, beacon)
    return "OK", 200, HTML


# `HEAD /asset/tracking` records the beacon as GET does (Nomad's document declares both); the
# server sends the headers only. OpenAPI wants one operationId per operation, hence the name.
track_head = track


async def delete_user_video_tracking(body: dict[str, Any]) -> tuple[Any, int, dict]:
    given = tracking.TrackingFilter(
        _id(body.get("userId")), _id(body.get("assetId")), _id(body.get("contentId"))
    )
    with current().store.begin() as conn:
        tracking.delete_tracking(conn, given)
    return NoContent, 200, JSON


async def my_content() -> tuple[dict[str, Any], int, dict]:
    return _my_content(None)


async def my_content_of_profile(profileId: str) -> tuple[dict[str, Any], int, dict]:
    return _my_content(profileId.lower())


def _my_content(profile_id: str | None) -> tuple[dict[str, Any], int, dict]:
    user_id = _caller()
    with current().store.read() as conn:
        listed = tracking.watchlist(conn, user_id, profile_id)
        started = tracking.watching(conn, user_id, profile_id)
    return wire.my_content(listed, started), 200, JSON


async def clear_watching(userId: str | None = None, assetId: str | None = None) -> tuple[Any, int, dict]:
    user_id = _id(userId) or _caller()
    with current().store.begin() as conn:
        if userId is not None and accounts.user_by_id(conn, user_id) is None:
            raise no_such_user(userId)
        tracking.clear_watching(conn, user_id, _id(assetId))
    return NoContent, 200, JSON


async def remove_watching(assetOrContentId: str, profileId: str | None = None) -> tuple[bool, int, dict]:
    world = current()
    at = beacon_time(world.clock.now())
    with world.store.begin() as conn:
        hidden = tracking.hide(conn, _caller(), _id(profileId), assetOrContentId.lower(), at)
    return hidden, 200, JSON
