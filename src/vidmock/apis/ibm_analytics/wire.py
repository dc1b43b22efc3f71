"""IBM's wire format: the JSON:API-like envelope, its pagination links, and segment attributes."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from connexion import request

from vidmock.apis.ibm_analytics.times import iso
from vidmock.pagination import Page, QueryTemplate
from vidmock.world import current


def envelope(kind: str, items: list[dict[str, Any]], page: Page) -> dict[str, Any]:
    return {"data": [{"type": kind, "attributes": item} for item in items], "pagination": links(page)}


def links(page: Page) -> dict[str, Any]:
    """`href`s relative to the API base (IBM leaves out `/v1`), keeping the request's query."""
    url = request.url
    template = QueryTemplate(current().relative_path(url.path), url.query, ("_page", "_limit"))

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


def segment(row: dict[str, Any], zone: tzinfo) -> dict[str, Any]:
    return {"id": row["id"], **segment_fields(row, zone)}
