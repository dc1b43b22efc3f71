"""Examples that follow the mock's clock.

A seeded world lies around the clock (IBM's 90 days before it, for instance), so a fixed date
in an example finds nothing once the clock has moved on: Swagger UI's "Try it out" would show
an empty answer. A parameter marked `x-vidmock-example-relative` gets its example written
from the clock when the spec is mounted:

- `{days: -23, zone: America/Los_Angeles}`: midnight of that day in that zone, ISO 8601 with
  its offset (`2026-11-01T00:00:00-07:00`);
- `{months: 0}`: that month, `YYYY-MM` (`2026-11`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

MARK = "x-vidmock-example-relative"


def follow_clock(spec: dict[str, Any], now: datetime) -> None:
    """Rewrite, in place, the example of every marked parameter of `spec` for the instant `now`."""
    for parameter in _parameters(spec):
        relative = parameter.get(MARK)
        if relative is not None:
            parameter["example"] = example_for(relative, now)


def example_for(relative: dict[str, Any], now: datetime) -> str:
    if "months" in relative:
        index = now.year * 12 + now.month - 1 + relative["months"]
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    zone = ZoneInfo(relative.get("zone", "UTC"))
    day = (now.astimezone(zone) + timedelta(days=relative["days"])).date()
    return datetime(day.year, day.month, day.day, tzinfo=zone).isoformat()


def _parameters(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from spec.get("components", {}).get("parameters", {}).values()
    for item in spec.get("paths", {}).values():
        yield from item.get("parameters", [])
        for operation in item.values():
            if isinstance(operation, dict):
                yield from operation.get("parameters", [])
