"""api.video's wire format: resources, sessions and events in camelCase, the pagination object."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from vidmock.http.pagination import Page, request_target, with_query
from vidmock.world import current


def iso_seconds(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="seconds")


def iso_millis(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="milliseconds")


def listing(items: list[dict[str, Any]], page: Page) -> dict[str, Any]:
    return {"data": items, "pagination": pagination(page, len(items))}


def pagination(page: Page, on_this_page: int) -> dict[str, Any]:
    """Links are paths below the API base keeping the request's query, as api.video's examples show."""
    path, query = request_target()
    path = current().relative_path(path)
    pages = [("self", page.number), ("first", 1), ("previous", page.previous)]
    pages += [("next", page.next), ("last", page.last)]
    return {
        "currentPage": page.number,
        "pageSize": page.size,
        "pagesTotal": page.last,
        "itemsTotal": page.total,
        "currentPageItems": on_this_page,
        "links": [
            {"rel": rel, "uri": with_query(path, query, currentPage=number, pageSize=page.size)}
            for rel, number in pages
            if number is not None
        ],
    }
