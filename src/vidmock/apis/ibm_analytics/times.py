"""IBM's time rules: ISO 8601 in, America/Los_Angeles when no offset is given. Answers are
written in the zone of `date_time_from` (its fixed offset, or Los Angeles), RFC 3339.

The spec's `DateTime` pattern admits only real calendar days of years 1900 to 9998, so every
text reaching `parse_time` is one Python reads: a fraction of any length (digits beyond the
microsecond dropped, as `datetime.fromisoformat` does), no year 0, and no instant whose
buckets would step past the year 9999 `datetime` can hold."""

from __future__ import annotations

from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from vidmock.http.errors import ApiError

LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def parse_time(value: str, parameter: str) -> datetime:
    """An aware datetime, to the microsecond; a 400 naming `parameter` when the text is no
    real date-time (the spec's pattern already refuses those)."""
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ApiError(
            400,
            f"Invalid query parameter '{parameter}': '{value}' is not a date-time such as "
            f"2026-11-01T00:00:00Z ({exc})",
            parameter=parameter,
        ) from None
    if parsed.tzinfo is None:
        # fold=0 picks the first of an ambiguous wall time, as most calendars do.
        parsed = parsed.replace(tzinfo=LOS_ANGELES)
    return parsed


def parse_range(date_time_from: str, date_time_to: str) -> tuple[datetime, datetime]:
    """[start, end). An end before the start is read as the start: the empty period there.

    No schema can say "not before the other parameter", so the answer is one the spec allows
    (a 200 with nothing in the period) rather than a 400 a spec-valid request could not expect.
    """
    start = parse_time(date_time_from, "date_time_from")
    end = parse_time(date_time_to, "date_time_to")
    return start, max(start, end)


def iso(timestamp: float, zone: tzinfo) -> str:
    """RFC 3339 in `zone`: `2026-11-01T00:00:00-07:00`, a fraction only when there is one."""
    return datetime.fromtimestamp(timestamp, zone).isoformat()


# Instants answers write again and again (a bucket's start, a viewer's last activity), by zone:
# plain dicts of floats and strings, which the garbage collector does not track.
_KEPT_ISO: dict[tzinfo, dict[float, str]] = {}
KEPT_ISO_ZONES = 64
KEPT_ISO_PER_ZONE = 1 << 15


def kept_iso(timestamp: float, zone: tzinfo) -> str:
    """`iso(timestamp, zone)`, worked out once per instant and zone (up to `KEPT_ISO_PER_ZONE`
    instants in each of `KEPT_ISO_ZONES` zones; past either, all are forgotten at once)."""
    kept = _KEPT_ISO.get(zone)
    if kept is None:
        if len(_KEPT_ISO) >= KEPT_ISO_ZONES:
            _KEPT_ISO.clear()
        kept = _KEPT_ISO[zone] = {}
    text = kept.get(timestamp)
    if text is None:
        if len(kept) >= KEPT_ISO_PER_ZONE:
            kept.clear()
        text = kept[timestamp] = iso(timestamp, zone)
    return text


def iso_seconds(moment: datetime) -> str:
    """RFC 3339 to the second: `2026-11-01T00:00:00-07:00` (a request's fraction not echoed)."""
    return moment.isoformat(timespec="seconds")
