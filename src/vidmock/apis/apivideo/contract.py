"""What contract tests must know of api.video that a schema cannot say: a `period` that fits the
pattern may still name no real day, week or range."""

from __future__ import annotations

from typing import Any

from vidmock.apis.apivideo.periods import parse_period
from vidmock.errors import ApiError


def is_meaningful_query(query: dict[str, Any] | None) -> bool:
    """False for a query the API must reject though each value fits the schema."""
    period = (query or {}).get("period")
    if not isinstance(period, str):
        return True
    try:
        parse_period(period)
    except ApiError:
        return False
    return True
