"""IBM's time rules: ISO 8601 in, America/Los_Angeles when no offset is given. Answers are
written in the zone of `date_time_from` (its fixed offset, or Los Angeles)."""

from __future__ import annotations

from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from vidmock.errors import ApiError

LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def parse_time(value: str, parameter: str) -> datetime:
    """An aware datetime; a 400 naming `parameter` when the text is no real date-time."""
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ApiError(
            400,
            f"Invalid query parameter '{parameter}': '{value}' is not an ISO 8601 date-time ({exc})",
            parameter=parameter,
        ) from None
    if parsed.tzinfo is None:
        # fold=0 picks the first of an ambiguous wall time, as most calendars do.
        parsed = parsed.replace(tzinfo=LOS_ANGELES)
    return parsed


def parse_range(date_time_from: str, date_time_to: str) -> tuple[datetime, datetime]:
    start = parse_time(date_time_from, "date_time_from")
    end = parse_time(date_time_to, "date_time_to")
    if end < start:
        raise ApiError(
            400,
            f"Invalid query parameter 'date_time_to': {date_time_to} is before "
            f"date_time_from {date_time_from}",
            parameter="date_time_to",
        )
    return start, end


def iso(timestamp: float, zone: tzinfo) -> str:
    return datetime.fromtimestamp(timestamp, zone).isoformat()
