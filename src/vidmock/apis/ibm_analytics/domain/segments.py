"""The raw view segments and the rules that pick them for a period (seed 001, `/views`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, func, or_, select

from vidmock.apis.ibm_analytics.domain.devices import device_class
from vidmock.apis.ibm_analytics.tables import segments, views
from vidmock.storage.rows import as_dicts
from vidmock.storage.store import bulk_insert


@dataclass(frozen=True)
class SegmentQuery:
    """Which segments a request asks for. `start`/`end` are Unix seconds, both inclusive."""

    start: float
    end: float
    inclusive_range: bool = True
    list_unfinished: bool = True
    content_type: str | None = None
    content_ids: Sequence[int] = ()
    viewer_substring: str | None = None
    identified_only: bool = False


def range_parts(query: SegmentQuery) -> list[ColumnElement]:
    """The seed's range rules as disjoint conditions, in the order their segments are listed.

    inclusive_range: segments carried into the range (started before, finished inside), then
    segments started inside (whether they finished inside, after, or not yet). Every carried-in
    segment starts before every started-inside one, so listing the parts one after the other
    keeps the (started_at, id) order, and each part is one index range.
    Otherwise: started and finished inside (an unfinished segment has not finished)."""
    s, f = segments.c.started_at, segments.c.finished_at
    started_inside = and_(s >= query.start, s <= query.end)
    if not query.inclusive_range:
        return [and_(started_inside, f.is_not(None), f >= query.start, f <= query.end)]
    carried_in = and_(s < query.start, f.is_not(None), f >= query.start, f <= query.end)
    if not query.list_unfinished:
        started_inside = and_(started_inside, f.is_not(None))
    return [carried_in, started_inside]


def filters(query: SegmentQuery) -> list[ColumnElement]:
    parts = []
    if query.content_type:
        parts.append(segments.c.content_type == query.content_type)
    if query.content_ids:
        parts.append(segments.c.content_id.in_(list(query.content_ids)))
    if query.identified_only or query.viewer_substring:
        parts.append(segments.c.viewer_identifier.is_not(None))
        parts.append(segments.c.viewer_identifier != "")
    if query.viewer_substring:
        needle = query.viewer_substring.lower()
        parts.append(func.lower(segments.c.viewer_identifier).contains(needle, autoescape=True))
    return parts


def where(query: SegmentQuery) -> ColumnElement:
    return and_(or_(*range_parts(query)), *filters(query))


def count_segments(conn: Connection, query: SegmentQuery) -> int:
    extra = filters(query)
    return sum(_count(conn, part, extra) for part in range_parts(query))


def segments_in_range(
    conn: Connection, query: SegmentQuery, offset: int = 0, limit: int | None = None
) -> list[dict[str, Any]]:
    """Matching segments in a stable order: `started_at`, then id."""
    extra = filters(query)
    found: list[dict[str, Any]] = []
    for part in range_parts(query):
        wanted = None if limit is None else limit - len(found)
        if wanted == 0:
            break
        statement = select(segments).where(part, *extra).order_by(segments.c.started_at, segments.c.id)
        rows = as_dicts(conn.execute(statement.offset(offset).limit(wanted)))
        found.extend(rows)
        # Skip past this part: what it held before `offset` counts against the offset.
        offset = 0 if rows else max(0, offset - _count(conn, part, extra))
    return found


def _count(conn: Connection, part: ColumnElement, extra: list[ColumnElement]) -> int:
    return conn.execute(select(func.count()).select_from(segments).where(part, *extra)).scalar_one()


@dataclass(frozen=True)
class ViewerActivity:
    viewer_identifier: str
    segments: list[dict[str, Any]]

    @property
    def videos_watched(self) -> int:
        return len({(s["content_type"], s["content_id"]) for s in self.segments})

    @property
    def last_activity(self) -> int:
        # A segment still playing was last heard of when it started.
        return max(
            s["finished_at"] if s["finished_at"] is not None else s["started_at"] for s in self.segments
        )


def count_viewers(conn: Connection, query: SegmentQuery) -> int:
    identified = _identified(query)
    statement = select(func.count(func.distinct(segments.c.viewer_identifier))).where(where(identified))
    return conn.execute(statement).scalar_one()


def viewers_in_range(
    conn: Connection, query: SegmentQuery, offset: int = 0, limit: int | None = None
) -> list[ViewerActivity]:
    """Identified viewers with matching segments, ordered by identifier, each with those segments."""
    identified = _identified(query)
    names = list(
        conn.execute(
            select(segments.c.viewer_identifier)
            .where(where(identified))
            .group_by(segments.c.viewer_identifier)
            .order_by(segments.c.viewer_identifier)
            .offset(offset)
            .limit(limit)
        ).scalars()
    )
    if not names:
        return []
    rows = conn.execute(
        select(segments)
        .where(and_(where(identified), segments.c.viewer_identifier.in_(names)))
        .order_by(segments.c.started_at, segments.c.id)
    ).mappings()
    by_viewer: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    for row in rows:
        by_viewer[row["viewer_identifier"]].append(dict(row))
    return [ViewerActivity(name, found) for name, found in by_viewer.items()]


def _identified(query: SegmentQuery) -> SegmentQuery:
    return SegmentQuery(**{**query.__dict__, "identified_only": True})


def insert_segments(conn: Connection, rows: Iterable[dict[str, Any]], batch: int = 5000) -> int:
    """Bulk insert segments, keeping the views they belong to up to date; returns how many went in."""
    count = 0
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            count += _insert_chunk(conn, chunk)
            chunk = []
    if chunk:
        count += _insert_chunk(conn, chunk)
    return count


def _insert_chunk(conn: Connection, chunk: list[dict[str, Any]]) -> int:
    bulk_insert(conn, segments, chunk)
    firsts: dict[str, dict[str, Any]] = {}
    for row in chunk:
        known = firsts.get(row["view_session_id"])
        if known is None or (row["started_at"], row["id"]) < (known["started_at"], known["id"]):
            firsts[row["view_session_id"]] = row
    stored = dict(
        conn.execute(
            select(views.c.view_session_id, views.c.started_at).where(
                views.c.view_session_id.in_(list(firsts))
            )
        ).all()
    )
    fresh = [_view(row) for sid, row in firsts.items() if sid not in stored]
    bulk_insert(conn, views, fresh)
    for sid, row in firsts.items():
        if sid in stored and row["started_at"] < stored[sid]:
            conn.execute(views.update().where(views.c.view_session_id == sid).values(_view(row)))
    return len(chunk)


def _view(first: dict[str, Any]) -> dict[str, Any]:
    """A view as its first segment describes it."""
    return {
        "view_session_id": first["view_session_id"],
        "started_at": first["started_at"],
        "content_type": first["content_type"],
        "content_id": first["content_id"],
        "client_id": first["client_id"],
        "viewer_identifier": first["viewer_identifier"] or None,
        "country": first["country"],
        "region": first["region"],
        "device": device_class(first["device_info"], first["is_mobile_view"]),
        "view_type": first["view_type"],
    }
