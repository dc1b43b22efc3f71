"""Durations (`90m`, `2d`, `-1h`, `200ms`, ISO 8601's `PT1H30M`) and times relative to the clock
(`now`, `-2d`, `+3h`).

One grammar wherever vidmock takes a duration (the clock, latency, fault rules, the dashboard):
- short: an amount and a unit, `ms`, `s`, `m`, `h`, `d` or `w` (`90m`, `1.5s`, `200ms`);
- ISO 8601 (§4.4.3.2, the designators of fixed length): `PnW`, or `PnDTnHnMnS` with any of its
  parts (`PT1H30M`, `P2D`, `PT0.5S`, `P1DT12H`). Years and months are refused: they have no
  fixed length.
Either may start with `-` (back) or `+`. `PATTERN` is the same grammar as an ECMA-262 pattern, for
the specs.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

_AMOUNT = r"[0-9]{1,9}(?:\.[0-9]{1,3})?"
_SHORT = rf"({_AMOUNT})(ms|s|m|h|d|w)"
_ISO = (
    rf"P(?:([0-9]{{1,9}})W|(?=[0-9]|T[0-9])(?:([0-9]{{1,9}})D)?"
    rf"(?:T(?=[0-9])(?:([0-9]{{1,9}})H)?(?:([0-9]{{1,9}})M)?(?:({_AMOUNT})S)?)?)"
)
# The grammar above as ECMA-262 patterns, for the specs: a length (latency, fault delays), and
# a move either way (the clock's `advance`). Tests hold the specs to them.
PATTERN = rf"^(?:{_SHORT}|{_ISO})$"
SIGNED_PATTERN = rf"^[+-]?(?:{_SHORT}|{_ISO})$"
_DURATION = re.compile(rf"^([+-]?)(?:{_SHORT}|{_ISO})$")
_MONTHS_OR_YEARS = re.compile(r"^[+-]?P[^T]*[YM]")
_UNITS = {"ms": "milliseconds", "s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
EXPECTED = "a duration such as 90m, 1.5s, 200ms, 2d, -1h or ISO 8601's PT1H30M"


def parse_duration(text: str) -> timedelta:
    """`90m` or `PT1H30M` -> that timedelta; a leading `-` goes back. Raises ValueError on
    anything else, naming what is expected (a month or a year: no fixed length)."""
    match = _DURATION.match(text.strip())
    if not match:
        if _MONTHS_OR_YEARS.match(text.strip()):
            raise ValueError(f"'{text}' counts months or years, which have no fixed length: use days")
        raise ValueError(f"'{text}' is not {EXPECTED}")
    sign, amount, unit, weeks, days, hours, minutes, seconds = match.groups()
    try:
        if unit is not None:
            delta = timedelta(**{_UNITS[unit]: float(amount)})
        else:
            delta = timedelta(
                weeks=int(weeks or 0),
                days=int(days or 0),
                hours=int(hours or 0),
                minutes=int(minutes or 0),
                seconds=float(seconds or 0),
            )
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
