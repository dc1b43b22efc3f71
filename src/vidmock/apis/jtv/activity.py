"""A subscriber's activity and the rules that change it: the bulk ingest with its
isDelta merge/overwrite (seed 002), and the single edits of the MetaX 2.1 calls.

The ingest speaks seconds for the pause time; the store (and the 2.1 calls) milliseconds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, func, insert, or_, select, update

from vidmock.apis.jtv.tables import activity, favorites
from vidmock.storage.rows import Read, as_dicts

# Viewing fields as the ingest names them -> their column.
VIEWING = {
    "play_count": "play_count",
    "view_time": "view_time",
    "pause_time": "pause_time_ms",
    "last_played_on": "last_played_on",
}
FIELDS = {**VIEWING, "user_rating": "user_rating"}
# JTV: "values under 10 s are ignored" for the 2.1 pause-time call.
MIN_PAUSE_MS = 10_000
_FAVORITE_IDS = Read(
    select(favorites.c.asset_id)
    .where(favorites.c.subscriber_id == bindparam("subscriber"))
    .order_by(favorites.c.position)
)


def seconds_to_ms(seconds: int) -> int:
    return seconds * 1000


@dataclass(frozen=True)
class Totals:
    favorites: int
    assets: int


def ingest(
    conn: Connection,
    subscriber: str,
    favorite_ids: list[str] | None,
    view_data: list[dict[str, Any]] | None,
    is_delta: bool,
) -> Totals:
    """Apply one ingest payload. The spec has validated it, so nothing here can fail half-way.

    isDelta=false: the payload is the whole history. isDelta=true: `favorites` replaces the
    list when present; each view_data entry sets only the fields it carries."""
    if not is_delta:
        conn.execute(delete(favorites).where(favorites.c.subscriber_id == subscriber))
        conn.execute(delete(activity).where(activity.c.subscriber_id == subscriber))
        favorite_ids = favorite_ids or []
    if favorite_ids is not None:
        replace_favorites(conn, subscriber, favorite_ids)
    for asset_id, changes in merged_entries(view_data or []).items():
        set_fields(conn, subscriber, asset_id, changes)
    return totals(conn, subscriber)


def merged_entries(view_data: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Column changes per asset; entries for one asset apply in order, field by field."""
    merged: dict[str, dict[str, Any]] = {}
    for entry in view_data:
        changes = merged.setdefault(entry["asset_id"], {})
        for field, column in FIELDS.items():
            if field in entry:
                value = entry[field]
                changes[column] = seconds_to_ms(value) if field == "pause_time" else value
    return merged


def replace_favorites(conn: Connection, subscriber: str, asset_ids: list[str]) -> None:
    conn.execute(delete(favorites).where(favorites.c.subscriber_id == subscriber))
    unique = list(dict.fromkeys(asset_ids))  # a repeated id keeps its first place
    if unique:
        conn.execute(
            insert(favorites),
            [{"subscriber_id": subscriber, "asset_id": a, "position": i} for i, a in enumerate(unique)],
        )


def favorite_ids(conn: Connection, subscriber: str) -> list[str]:
    return [row["asset_id"] for row in _FAVORITE_IDS.rows(conn, subscriber=subscriber)]


def add_favorite(conn: Connection, subscriber: str, asset_id: str) -> bool:
    """Append `asset_id`; False when it was a favorite already."""
    if asset_id in favorite_ids(conn, subscriber):
        return False
    last = conn.execute(
        select(func.max(favorites.c.position)).where(favorites.c.subscriber_id == subscriber)
    ).scalar_one()
    position = 0 if last is None else last + 1
    conn.execute(insert(favorites).values(subscriber_id=subscriber, asset_id=asset_id, position=position))
    return True


def remove_favorite(conn: Connection, subscriber: str, asset_id: str) -> bool:
    result = conn.execute(delete(favorites).where(_favorite(subscriber, asset_id)))
    return result.rowcount > 0


def activity_of(conn: Connection, subscriber: str, asset_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(activity).where(_activity(subscriber, asset_id))).mappings().first()
    return dict(row) if row else None


def set_fields(conn: Connection, subscriber: str, asset_id: str, changes: dict[str, Any]) -> None:
    """Set the given columns of one asset's activity, creating the row if needed."""
    if activity_of(conn, subscriber, asset_id) is None:
        conn.execute(insert(activity).values(subscriber_id=subscriber, asset_id=asset_id, **changes))
    elif changes:
        conn.execute(update(activity).where(_activity(subscriber, asset_id)).values(**changes))


def record_play(conn: Connection, subscriber: str, asset_id: str, now_ms: int) -> None:
    current = activity_of(conn, subscriber, asset_id) or {}
    plays = (current.get("play_count") or 0) + 1
    set_fields(conn, subscriber, asset_id, {"play_count": plays, "last_played_on": now_ms})


def forget_viewing(conn: Connection, subscriber: str, asset_id: str) -> bool:
    """Drop an asset from the watch history: its viewing data goes, its rating stays."""
    current = activity_of(conn, subscriber, asset_id)
    if current is None:
        return False
    if current["user_rating"] is None:
        conn.execute(delete(activity).where(_activity(subscriber, asset_id)))
    else:
        conn.execute(
            update(activity).where(_activity(subscriber, asset_id)).values(**dict.fromkeys(VIEWING.values()))
        )
    return any(current[column] is not None for column in VIEWING.values())


def set_pause_time(conn: Connection, subscriber: str, asset_id: str, time_ms: int) -> bool:
    """Store the position; False (and nothing stored) when it is under 10 s."""
    if time_ms < MIN_PAUSE_MS:
        return False
    set_fields(conn, subscriber, asset_id, {"pause_time_ms": time_ms})
    return True


def pause_time_ms(conn: Connection, subscriber: str, asset_id: str) -> int:
    """The saved position, 0 when there is none (the player starts at the beginning)."""
    row = activity_of(conn, subscriber, asset_id)
    return (row or {}).get("pause_time_ms") or 0


def watch_history(conn: Connection, subscriber: str) -> list[dict[str, Any]]:
    """Assets with viewing data, last played first; never-played ones after, by id."""
    viewed = or_(*(activity.c[column].is_not(None) for column in VIEWING.values()))
    found = as_dicts(conn.execute(select(activity).where(activity.c.subscriber_id == subscriber, viewed)))
    found.sort(key=lambda r: r["asset_id"])
    found.sort(key=lambda r: -r["last_played_on"] if r["last_played_on"] is not None else float("inf"))
    return found


def totals(conn: Connection, subscriber: str) -> Totals:
    count = func.count()
    fav = conn.execute(
        select(count).select_from(favorites).where(favorites.c.subscriber_id == subscriber)
    ).scalar_one()
    seen = conn.execute(
        select(count).select_from(activity).where(activity.c.subscriber_id == subscriber)
    ).scalar_one()
    return Totals(fav, seen)


def _favorite(subscriber: str, asset_id: str):
    return and_(favorites.c.subscriber_id == subscriber, favorites.c.asset_id == asset_id)


def _activity(subscriber: str, asset_id: str):
    return and_(activity.c.subscriber_id == subscriber, activity.c.asset_id == asset_id)
