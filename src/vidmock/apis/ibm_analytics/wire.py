"""IBM's wire format: the JSON:API-like envelope, its pagination links, and segment attributes.

Views and viewers pages are written as JSON text from each segment's text, which the read
model keeps while the store is unchanged (`segment_texts`); the text is what `json.dumps`
(Connexion's serialiser, default separators) writes for the same objects."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import tzinfo
from functools import lru_cache
from json.encoder import encode_basestring_ascii as json_string
from typing import Any, NamedTuple

from starlette.responses import Response

from vidmock.apis.ibm_analytics.domain.peaks import PeakItem
from vidmock.apis.ibm_analytics.times import iso, kept_iso
from vidmock.http.pagination import Page, QueryTemplate, request_target
from vidmock.world import current

# `json_string(text)` is `json.dumps(text)` for a string, without its dispatch on the value's type.


def links(page: Page) -> dict[str, Any]:
    """`href`s relative to the API base (IBM leaves out `/v1`), keeping the request's query."""
    path, query = request_target()
    template = QueryTemplate.of(current().relative_path(path), query, ("_page", "_limit"))

    def href(number: int | None) -> dict[str, str] | None:
        if number is None:
            return None
        return {"href": template.href(_page=number, _limit=page.size)}

    return {
        "count": page.total,
        "self": href(page.number),
        "first": href(1),
        "prev": href(page.previous),
        "next": href(page.next),
        "last": href(page.last),
    }


def segment_fields(row: dict[str, Any], zone: tzinfo) -> dict[str, Any]:
    return {
        "content_type": row["content_type"],
        "content_id": row["content_id"],
        "started_at": iso(row["started_at"], zone),
        "finished_at": iso(row["finished_at"], zone) if row["finished_at"] is not None else None,
        "from": row["from_position"],
        "to": row["to_position"],
        "client_id": row["client_id"],
        "view_session_id": row["view_session_id"],
        "country": row["country"],
        "city": row["city"],
        "is_mobile_view": row["is_mobile_view"],
        "view_type": row["view_type"],
        "device_info": row["device_info"],
    }


def view(row: dict[str, Any], zone: tzinfo) -> dict[str, Any]:
    return {"view_id": row["id"], **segment_fields(row, zone), "viewer_identifier": row["viewer_identifier"]}


# One segment as JSON text: (its `id` as a JSON value, then ", " and the members views and
# viewers share, with no braces; its `viewer_identifier` as a JSON value). A `/viewers` item's
# segments are then one join of the first parts (`viewer_json`). A plain tuple of strings, which
# the garbage collector stops tracking: kept for every segment of a world, objects of a class of
# their own made each full collection pause every request for 45 ms.
SegmentText = tuple[str, str]


class ViewerText(NamedTuple):
    """A `/viewers` item: its segments' ids and fields as text (`SegmentText`'s first part), with
    the totals each read path counts its own way (`last_activity` in Unix seconds)."""

    viewer_identifier: str
    segments: list[str]
    videos_watched: int
    last_activity: float


def segment_text(row: dict[str, Any], zone: tzinfo) -> SegmentText:
    """`row` as the store holds it (`segment_rows.COLUMNS`), written in `zone`."""
    return (
        f"{json.dumps(row['id'])}, {json.dumps(segment_fields(row, zone))[1:-1]}",
        json.dumps(row["viewer_identifier"]),
    )


# A view's or viewer's JSON text is given as its pieces, joined once for the whole answer: a page
# of viewers can hold ten thousand segments (megabytes), and each join or f-string on the way
# copied all of it again.
JsonPieces = Sequence[str]


def view_json(text: SegmentText) -> JsonPieces:
    id_and_fields, viewer = text
    return ('{"view_id": ', id_and_fields, ', "viewer_identifier": ', viewer, "}")


def viewer_json(viewer: ViewerText, zone: tzinfo) -> JsonPieces:
    identifier, segments, watched, last = viewer
    # An instant written by `iso` holds nothing JSON escapes.
    head = (
        f'{{"viewer_identifier": {json_string(identifier)}, "videos_watched": {watched}, '
        f'"last_activity": "{kept_iso(last, zone)}", "segments": ['
    )
    if not segments:
        return (head, "]}")
    # Each segment is {"id": <id>, <fields>}: the texts joined by what closes one and opens the next.
    return (head, '{"id": ', '}, {"id": '.join(segments), "}]}")


def series_json(dimension: str, point: str, value: int) -> JsonPieces:
    """A `Series` item's attributes: `{"dimension_type": ..., "point": ..., "value": ...}`."""
    head = f'{{"dimension_type": {json_string(dimension)}, "point": '
    return (f'{head}{json_string(point)}, "value": {value}}}',)


def peak_json(item: PeakItem) -> JsonPieces:
    content_type, content_id, time, value = item
    return (f'{_peak_head(content_type, content_id)}{time}", "value": {value}}}',)


@lru_cache(maxsize=4096)
def _peak_head(content_type: str, content_id: int) -> str:
    # A page of peaks repeats a few contents over hundreds of buckets.
    return f'{{"content_type": {json_string(content_type)}, "content_id": {content_id}, "time": "'


def envelope_response(kind: str, items: Iterable[JsonPieces], page: Page) -> Response:
    """`envelope`'s answer from its items' attributes already written as JSON text."""
    first = f'{{"type": "{kind}", "attributes": '
    between = "}, " + first
    pieces = ['{"data": [']
    separator = first
    for item in items:
        pieces.append(separator)
        pieces += item
        separator = between
    if separator is between:
        pieces.append("}")
    pieces.append(f'], "pagination": {json.dumps(links(page))}}}\n')
    return Response("".join(pieces), media_type="application/json")
