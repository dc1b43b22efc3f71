"""What contract tests must know of IBM that a schema cannot say: the cross-field rule that a
period runs forwards, and that a date-time matching the pattern may still name no real day."""

from __future__ import annotations

from typing import Any

from vidmock.apis.ibm_analytics.times import parse_range
from vidmock.errors import ApiError


def is_meaningful_query(query: dict[str, Any] | None) -> bool:
    """False for a query the API must reject though each value fits the schema."""
    if not query:
        return True
    start, end = query.get("date_time_from"), query.get("date_time_to")
    if not (isinstance(start, str) and isinstance(end, str)):
        return True
    try:
        parse_range(start, end)
    except ApiError:
        return False
    return True
