"""The journal operations of `openapi/admin.yaml`: read it, count in it, empty it."""

from __future__ import annotations

from typing import Any

from connexion.context import scope

from vidmock.admin.handlers import JSON
from vidmock.http.errors import ApiError
from vidmock.journal.capture import OMIT_ANSWER_BODY
from vidmock.journal.query import FilterError, JournalQuery, parse_json_value
from vidmock.world import current

# The fixture's `body={pointer: value}` is `body_pointer` and `body_equals` here.
HTTP_NAMES = {"body": "body_pointer"}


async def requests(**filters: Any) -> tuple[dict[str, Any], int, dict]:
    # Kept whole, each listing would copy the journal into itself, growing with every read.
    scope["state"][OMIT_ANSWER_BODY] = True
    return {"requests": current().journal.entries(journal_query(**filters))}, 200, JSON


async def count(**filters: Any) -> tuple[dict[str, Any], int, dict]:
    return {"count": current().journal.count(journal_query(**filters))}, 200, JSON


async def clear() -> tuple[dict[str, Any], int, dict]:
    return {"cleared": current().journal.clear()}, 200, JSON


def journal_query(
    body_pointer: str | None = None,
    body_equals: str | None = None,
    **filters: Any,
) -> JournalQuery:
    """The spec has checked each value's form; what is left is how they go together, and
    `body_equals` being JSON."""
    try:
        if (body_pointer is None) != (body_equals is None):
            missing = "body_equals" if body_equals is None else "body_pointer"
            raise FilterError(missing, "body_pointer and body_equals go together: a JSON pointer, its value")
        body = None
        if body_pointer is not None:
            body = {body_pointer: parse_json_value(body_equals, "body_equals")}
        return JournalQuery.of(body=body, **filters)
    except FilterError as exc:
        parameter = HTTP_NAMES.get(exc.parameter, exc.parameter)
        raise ApiError(400, str(exc), parameter=parameter, location="query") from None
