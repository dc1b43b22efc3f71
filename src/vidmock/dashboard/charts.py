"""IBM Video Streaming analytics as charts: views per day and per hour, and the peak number of
concurrent viewers per hour, of one content over a period. The numbers come from the read
model the API's handlers answer from (`read_model`, with `parse_range` and `buckets`), so a
bar equals the `value` the API answers for that bucket; drawn as SVG on the server (no
script, nothing fetched)."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

from flask import Blueprint, request
from sqlalchemy import select

from vidmock.apis.ibm_analytics.domain import metrics
from vidmock.apis.ibm_analytics.domain.buckets import buckets
from vidmock.apis.ibm_analytics.read_model.model import ReadModel, read_model
from vidmock.apis.ibm_analytics.tables import contents
from vidmock.apis.ibm_analytics.times import parse_range
from vidmock.dashboard.common import current_world, page, refusal
from vidmock.http.errors import ApiError
from vidmock.http.numerals import exact_integer

blueprint = Blueprint("charts", __name__)
CONTENT_TYPES = ("recorded", "live")
LARGEST_CONTENT_ID = 2**63 - 1  # the API's `content_id` maximum: a signed 64-bit id
DAYS = 7  # the default period: the last week, whole UTC days
MAX_HOURS = 24 * 31  # beyond a month the hourly bars are too thin to read


@blueprint.get("/ibm")
def ibm() -> tuple[str, int]:
    world = current_world()
    today = world.clock.now().astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    form = {
        "from": request.args.get("from") or (today - timedelta(days=DAYS - 1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "to": request.args.get("to") or (today + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "content_type": request.args.get("content_type", ""),
        "content_id": request.args.get("content_id", ""),
    }
    with world.store.read() as conn:
        model = read_model(world.store, lambda: conn)
        if not form["content_id"]:
            busiest = _busiest(conn, model, form["content_type"] or None)
            if busiest is None:
                return page("charts.html", form=form, error="No IBM content in the world", charts=None)
            form["content_type"], form["content_id"] = busiest[0], str(busiest[1])
        try:
            charts = _charts(model, form, world.clock.timestamp())
        except ApiError as exc:
            return page("charts.html", 400, form=form, error=refusal(exc), charts=None)
    return page("charts.html", form=form, charts=charts, error=None)


def _busiest(conn: Any, model: ReadModel, content_type: str | None) -> tuple[str, int] | None:
    """The content (of `content_type`, if given) with the most views: the default, so the first
    chart shows something. Ties go to the first in (content type, content id) order."""
    row = model.views.busiest(content_type)
    if row is None:
        of_type = [contents.c.content_type == content_type] if content_type else []
        row = conn.execute(
            select(contents.c.content_type, contents.c.content_id).where(*of_type).limit(1)
        ).first()
    return None if row is None else (row[0], row[1])


def _charts(model: ReadModel, form: dict[str, str], now: float) -> dict[str, list[tuple[str, int]]]:
    if form["content_type"] not in CONTENT_TYPES:
        raise ApiError(400, f"content_type is one of {', '.join(CONTENT_TYPES)}", parameter="content_type")
    text = form["content_id"]
    content_id = exact_integer(text, LARGEST_CONTENT_ID) if text.isascii() and text.isdigit() else None
    if content_id is None:
        raise ApiError(
            400, f"content_id is a whole number from 0 to {LARGEST_CONTENT_ID}", parameter="content_id"
        )
    start, end = parse_range(form["from"], form["to"])
    if end - start > timedelta(hours=MAX_HOURS):
        raise ApiError(400, f"at most {MAX_HOURS // 24} days at a time", parameter="date_time_to")
    scope = metrics.ViewFilter(start.timestamp(), end.timestamp(), form["content_type"], (content_id,))
    answer: dict[str, list[tuple[str, int]]] = {}
    for unit in ("day", "hour"):
        grid = buckets(unit, start, end, start.tzinfo)
        window = [grid[i] for i in range(len(grid))]
        values = model.per_bucket("total-views", scope, window)
        answer[unit] = [(b.point, v) for b, v in zip(window, values, strict=True)]
    found = model.peaks(start, end, start.tzinfo, "hour", now, form["content_type"], (content_id,))
    by_time = {time: value for _type, _id, time, value in found.page(0, len(found))}
    answer["peak"] = [(point, by_time.get(point, 0)) for point, _v in answer["hour"]]
    return answer
