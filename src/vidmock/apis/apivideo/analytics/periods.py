"""api.video's `period` parameter: a day, an ISO week, a month, a year or a range of days, in UTC."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from vidmock.http.errors import ApiError

_DAY = r"(\d{4})-(\d{2})-(\d{2})"
_FORMS = {
    "day": re.compile(rf"{_DAY}\Z"),
    "week": re.compile(r"(\d{4})-W(\d{2})\Z"),
    "month": re.compile(r"(\d{4})-(\d{2})\Z"),
    "year": re.compile(r"(\d{4})\Z"),
    "range": re.compile(rf"{_DAY}/{_DAY}\Z"),
}
EXPECTED = "a day 2018-01-01, a week 2018-W01, a month 2018-01, a year 2018 or a range 2018-01-01/2018-01-15"


@dataclass(frozen=True)
class Period:
    """Unix milliseconds: `start` included, `end` excluded."""

    start: int
    end: int

    def contains(self, instant_ms: int) -> bool:
        return self.start <= instant_ms < self.end


def parse_period(text: str) -> Period:
    """The UTC interval `text` names; a 400 naming `period` for anything else."""
    try:
        first, after_last = _days(text)
    except ValueError as exc:
        raise ApiError(
            400, f"Invalid query parameter 'period': '{text}' is not {EXPECTED} ({exc})", parameter="period"
        ) from None
    return Period(_ms(first), _ms(after_last))


def _days(text: str) -> tuple[date, date]:
    """The first day and the day after the last."""
    if match := _FORMS["day"].match(text):
        day = date(*map(int, match.groups()))
        return day, day + timedelta(days=1)
    if match := _FORMS["week"].match(text):
        year, week = map(int, match.groups())
        monday = date.fromisocalendar(year, week, 1)
        return monday, monday + timedelta(days=7)
    if match := _FORMS["month"].match(text):
        year, month = map(int, match.groups())
        first = date(year, month, 1)
        return first, date(year + month // 12, month % 12 + 1, 1)
    if match := _FORMS["year"].match(text):
        year = int(match.group(1))
        return date(year, 1, 1), date(year + 1, 1, 1)
    if match := _FORMS["range"].match(text):
        numbers = list(map(int, match.groups()))
        first, last = date(*numbers[:3]), date(*numbers[3:])
        # No schema can say "not before the first day": a range ending before it starts is
        # read as the empty period at its first day, an answer the spec allows.
        return first, max(first, last + timedelta(days=1))
    raise ValueError("unknown form")


def _ms(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()) * 1000
