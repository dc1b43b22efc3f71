"""Durations (`90m`, `2d`, `-1h`) and times relative to the clock (`now`, `-2d`, `+3h`)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

_DURATION = re.compile(r"^([+-]?)(\d{1,9})([smhdw])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(text: str) -> timedelta:
    """`90m` -> 90 minutes; a leading `-` goes back. Raises ValueError on anything else."""
    match = _DURATION.match(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a duration like 90m, 2d or -1h (units s, m, h, d, w)")
    sign, amount, unit = match.groups()
    try:
        delta = timedelta(**{_UNITS[unit]: int(amount)})
    except OverflowError:
        raise ValueError(f"'{text}' is too long a duration") from None
    return -delta if sign == "-" else delta


def resolve_time(text: str, now: datetime) -> datetime:
    """`now`, a signed duration from now (`-2d`, `+90m`) or an ISO 8601 instant with an offset."""
    text = text.strip()
    if text == "now":
        return now
    if text[:1] in "+-":
        try:
            return now + parse_duration(text)
        except OverflowError:
            raise ValueError(f"'{text}' goes beyond the calendar") from None
    try:
        instant = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"'{text}' is not a time: use now, -2d, -90m, +1h or an ISO 8601 instant") from None
    if instant.tzinfo is None:
        raise ValueError(f"'{text}' needs an offset, e.g. {text}Z")
    return instant
