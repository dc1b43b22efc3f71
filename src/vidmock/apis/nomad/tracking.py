"""Video tracking records: how beacons create and move them, which ones the delete and the
continue-watching calls touch. No HTTP here; ids arrive as lower-case UUID strings."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, bindparam, select

from vidmock.apis.nomad.tables import assets, tracking
from vidmock.http.errors import ApiError
from vidmock.storage.rows import Read

# The vendor's VideoTrackingEvents, in the order of their numeric values (0..6).
EVENTS = ("Progress", "FirstQuartile", "Midpoint", "ThirdQuartile", "Complete", "Hide", "LiveStream")
# Which flag each event latches on.
FLAG_OF_EVENT = {
    "FirstQuartile": "is_first_quartile",
    "Midpoint": "is_mid_point",
    "ThirdQuartile": "is_third_quartile",
    "Complete": "is_complete",
    "Hide": "is_hidden",
    "LiveStream": "is_live_stream",
}
FILTERS = ("userId", "assetId", "contentId")
# .NET reads an absent non-nullable Guid as all zeros, so that value means "no user filter".
EMPTY_GUID = "00000000-0000-0000-0000-000000000000"

_RECORDS = uuid.UUID("3c1f2e4d-5a6b-4c7d-8e9f-0a1b2c3d4e5f")


def event_named(value: str | None) -> str:
    """The event a `trackingEvent` value names: a name, or the number the vendor's clients send."""
    if value is None:
        return "Progress"
    return EVENTS[int(value)] if value.isdigit() else value


def record_id(user_id: str, profile_id: str | None, asset_id: str) -> str:
    """A record's id follows from what it tracks, so replaying the same beacons gives the same ids."""
    return str(uuid.uuid5(_RECORDS, f"{user_id}/{profile_id or ''}/{asset_id}"))


@dataclass(frozen=True)
class Beacon:
    user_id: str
    asset_id: str
    event: str
    at: str  # ISO 8601, the clock's now
    profile_id: str | None = None
    content_id: str | None = None
    second: int | None = None
    live_channel: bool = False


def record_beacon(conn: Connection, beacon: Beacon) -> dict[str, Any]:
    """Create the caller's record of the asset or move it forward; the record as stored."""
    where = _owner(beacon.user_id, beacon.profile_id) & (tracking.c.asset_id == beacon.asset_id)
    existing = conn.execute(select(tracking).where(where)).mappings().first()
    record = dict(existing) if existing else _new_record(conn, beacon)
    if beacon.second is not None:
        record["last_second"] = float(beacon.second)
        record["max_second"] = max(record["max_second"], float(beacon.second))
    if flag := FLAG_OF_EVENT.get(beacon.event):
        record[flag] = True
    if record["is_live_stream"] and record["video_tracking_attribute"] == "Undefined":
        record["video_tracking_attribute"] = "LiveStream"
    if beacon.content_id is not None:
        record["content_id"] = beacon.content_id
    record["last_beacon_date"] = beacon.at
    if existing:
        conn.execute(tracking.update().where(tracking.c.id == record["id"]).values(**record))
    else:
        conn.execute(tracking.insert().values(**record))
    return record


def _new_record(conn: Connection, beacon: Beacon) -> dict[str, Any]:
    asset = conn.execute(select(assets).where(assets.c.id == beacon.asset_id)).mappings().first()
    live = beacon.live_channel or bool(asset and asset["is_live_stream"])
    return {
        "id": record_id(beacon.user_id, beacon.profile_id, beacon.asset_id),
        "user_id": beacon.user_id,
        "profile_id": beacon.profile_id,
        "asset_id": beacon.asset_id,
        "content_id": asset["content_id"] if asset else None,
        "video_tracking_attribute": "LiveStream" if live else "Undefined",
        "is_first_quartile": False,
        "is_mid_point": False,
        "is_third_quartile": False,
        "is_complete": False,
        "is_hidden": False,
        "is_live_stream": live,
        "max_second": 0.0,
        "last_second": 0.0,
        "total_seconds": float(asset["total_seconds"]) if asset else 0.0,
        "last_beacon_date": None,
        "key_name": None,
    }


# --- the admin delete ------------------------------------------------------------------------


@dataclass(frozen=True)
class TrackingFilter:
    user_id: str | None = None
    asset_id: str | None = None
    content_id: str | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        found = []
        if self.user_id is not None and self.user_id != EMPTY_GUID:
            found.append(tracking.c.user_id == self.user_id)
        if self.asset_id is not None:
            found.append(tracking.c.asset_id == self.asset_id)
        if self.content_id is not None:
            found.append(tracking.c.content_id == self.content_id)
        return found


def delete_tracking(conn: Connection, given: TrackingFilter) -> int:
    """Delete the records matching every filter given; how many went."""
    conditions = given.conditions()
    if not conditions:
        # The spec already refuses such a body; this guard keeps the rule true for any caller.
        raise ApiError(400, "No filter given", pointer="", rule="anyOf")
    return conn.execute(tracking.delete().where(and_(*conditions))).rowcount


# --- continue watching ----------------------------------------------------------------------


def _owner(user_id: Any, profile_id: Any) -> ColumnElement[bool]:
    # Values, or bind parameters of a query built once (`_owner_parameters`).
    if profile_id is None:
        return (tracking.c.user_id == user_id) & tracking.c.profile_id.is_(None)
    return (tracking.c.user_id == user_id) & (tracking.c.profile_id == profile_id)


def _with_titles(where: ColumnElement[bool]) -> Select:
    joined = tracking.outerjoin(assets, assets.c.id == tracking.c.asset_id)
    return select(tracking, assets.c.title).select_from(joined).where(where)


def _owner_parameters(of_profile: bool) -> ColumnElement[bool]:
    return _owner(bindparam("user_id"), bindparam("profile_id") if of_profile else None)


# The listings' queries are built once per shape (parameters `user_id`, `profile_id`): building
# one anew cost more than running it.
@cache
def _watching_query(of_profile: bool) -> Read:
    where = and_(
        _owner_parameters(of_profile),
        tracking.c.last_beacon_date.is_not(None),
        tracking.c.is_complete.is_(False),
        tracking.c.is_hidden.is_(False),
        tracking.c.is_live_stream.is_(False),
    )
    return Read(_with_titles(where).order_by(tracking.c.last_beacon_date.desc(), tracking.c.asset_id))


@cache
def _watchlist_query(of_profile: bool) -> Read:
    where = _owner_parameters(of_profile) & (tracking.c.video_tracking_attribute == "Watchlist")
    return Read(_with_titles(where).order_by(assets.c.title, tracking.c.asset_id))


def watching(conn: Connection, user_id: str, profile_id: str | None = None) -> list[dict[str, Any]]:
    """Started, not complete, not hidden, not live: most recent beacon first."""
    return _watching_query(profile_id is not None).rows(conn, user_id=user_id, profile_id=profile_id)


def watchlist(conn: Connection, user_id: str, profile_id: str | None = None) -> list[dict[str, Any]]:
    return _watchlist_query(profile_id is not None).rows(conn, user_id=user_id, profile_id=profile_id)


PROGRESS_RESET = {
    "is_first_quartile": False,
    "is_mid_point": False,
    "is_third_quartile": False,
    "is_complete": False,
    "is_hidden": False,
    "max_second": 0.0,
    "last_second": 0.0,
    "last_beacon_date": None,
}


def clear_watching(conn: Connection, user_id: str, asset_id: str | None = None) -> int:
    """Drop the user's progress (every profile); watchlist entries stay, their progress reset."""
    where = tracking.c.user_id == user_id
    if asset_id is not None:
        where = where & (tracking.c.asset_id == asset_id)
    on_watchlist = tracking.c.video_tracking_attribute == "Watchlist"
    reset = conn.execute(tracking.update().where(where & on_watchlist).values(**PROGRESS_RESET)).rowcount
    return reset + conn.execute(tracking.delete().where(where & ~on_watchlist)).rowcount


def hide(conn: Connection, user_id: str, profile_id: str | None, asset_or_content_id: str, at: str) -> bool:
    """Hide the caller's records of an asset or content item; create a hidden record of a
    catalog item never tracked. False when the id is unknown to both: nothing is written."""
    matches = _owner(user_id, profile_id) & (
        (tracking.c.asset_id == asset_or_content_id) | (tracking.c.content_id == asset_or_content_id)
    )
    if conn.execute(tracking.update().where(matches).values(is_hidden=True, last_beacon_date=at)).rowcount:
        return True
    asset_id = _resolve_asset(conn, asset_or_content_id)
    if asset_id is None:
        return False
    record_beacon(conn, Beacon(user_id, asset_id, "Hide", at, profile_id=profile_id))
    return True


def _resolve_asset(conn: Connection, asset_or_content_id: str) -> str | None:
    """The asset itself, or a content item's main asset (its first by id)."""
    by_id = select(assets.c.id).where(assets.c.id == asset_or_content_id)
    if (found := conn.execute(by_id).scalar()) is not None:
        return found
    main = select(assets.c.id).where(assets.c.content_id == asset_or_content_id).order_by(assets.c.id)
    return conn.execute(main.limit(1)).scalar()
