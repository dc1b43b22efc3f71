"""Calendar buckets (month, day, hour, minute) in a time zone, daylight-saving correct.

Buckets are addressed by index, never listed in full: a range of centuries in hours still costs
only the page that is asked for. Each bucket is [start, end) in Unix seconds; the first is the
one holding the range's start.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from functools import cached_property, lru_cache
from typing import NamedTuple

from vidmock.apis.ibm_analytics.times import kept_iso

# Seconds per bucket of the units that are fixed lengths in absolute time (see `_local_start`).
FIXED_STEP = {"hour": 3600, "minute": 60}
# How many buckets of one range are kept once worked out (a range of years in minutes is paged
# through, not kept whole), and how many ranges.
KEPT_BUCKETS = 512
KEPT_RANGES = 128


class Bucket(NamedTuple):
    start: float
    end: float
    point: str  # the bucket's start, ISO 8601 in the zone


@dataclass(frozen=True)
class Buckets:
    unit: str  # month | day | hour | minute
    first: datetime  # start of the first bucket, in the zone
    count: int
    # Buckets worked out so far, by index, as plain tuples (which the garbage collector stops
    # tracking): `buckets()` hands the same object to every request for the same range, and a
    # dashboard asks for the same days again and again.
    _known: dict[int, tuple[float, float, str]] = field(default_factory=dict, compare=False, repr=False)

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: int) -> Bucket:
        if not 0 <= index < self.count:
            raise IndexError(index)
        known = self._known.get(index)
        if known is None:
            step = FIXED_STEP.get(self.unit)
            if step is not None:
                start = self._first_timestamp + index * step
                known = (start, start + step, kept_iso(start, self.first.tzinfo))
            else:
                start, end = self._local_start(index), self._local_start(index + 1)
                known = (start.timestamp(), end.timestamp(), start.isoformat())
            if len(self._known) < KEPT_BUCKETS:
                self._known[index] = known
        return Bucket(*known)

    def points(self, indexes: Iterable[int]) -> dict[int, str]:
        """Each bucket's start, ISO 8601 in the zone (`Bucket.point`), worked out once per bucket."""
        step = FIXED_STEP.get(self.unit)
        if step is None:
            return {index: self._local_start(index).isoformat() for index in set(indexes)}
        first, zone = self._first_timestamp, self.first.tzinfo
        return {index: kept_iso(first + index * step, zone) for index in set(indexes)}

    @cached_property
    def _first_timestamp(self) -> float:
        return self.first.timestamp()

    def index_of(self, timestamp: float) -> int:
        """The bucket holding `timestamp` (which must lie inside the covered span)."""
        if self.unit in FIXED_STEP:
            return int((timestamp - self._first_timestamp) // FIXED_STEP[self.unit])
        moment = datetime.fromtimestamp(timestamp, self.first.tzinfo)
        if self.unit == "month":
            index = (moment.year - self.first.year) * 12 + moment.month - self.first.month
        else:
            index = (moment.date() - self.first.date()).days
        # A local-time estimate can be one off across a DST change; settle it on the real edges.
        while index > 0 and self._local_start(index).timestamp() > timestamp:
            index -= 1
        while self._local_start(index + 1).timestamp() <= timestamp:
            index += 1
        return index

    def _local_start(self, index: int) -> datetime:
        zone = self.first.tzinfo
        if self.unit == "month":
            months = self.first.month - 1 + index
            naive = datetime(self.first.year + months // 12, months % 12 + 1, 1)
            return naive.replace(tzinfo=zone)
        if self.unit == "day":
            naive = datetime.combine(self.first.date() + timedelta(days=index), datetime.min.time())
            return naive.replace(tzinfo=zone)
        # Hours and minutes are fixed lengths in every zone vidmock uses (fixed offsets and
        # Los Angeles, whose changes are whole hours), so step in absolute time.
        absolute = self._first_timestamp + index * FIXED_STEP[self.unit]
        return datetime.fromtimestamp(absolute, zone)


@lru_cache(maxsize=KEPT_RANGES)
def buckets(unit: str, start: datetime, end: datetime, zone: tzinfo) -> Buckets:
    """The buckets covering [start, end); none when the range is empty."""
    first = floor(unit, start.astimezone(zone))
    if end <= start:
        return Buckets(unit, first, 0)
    probe = Buckets(unit, first, 1)
    last = probe.index_of(end.timestamp() - 1e-6)
    return Buckets(unit, first, last + 1)


def floor(unit: str, moment: datetime) -> datetime:
    zone = moment.tzinfo
    if unit == "month":
        return datetime(moment.year, moment.month, 1).replace(tzinfo=zone)
    if unit == "day":
        return datetime(moment.year, moment.month, moment.day).replace(tzinfo=zone)
    step = FIXED_STEP[unit]
    # Floor on the local wall clock, then read it back in the zone; whole numbers all the way,
    # so a request's fraction leaves no trace in the bucket's start.
    offset = moment.utcoffset().total_seconds()
    floored = (moment.timestamp() + offset) // step * step - offset
    return datetime.fromtimestamp(floored, zone)
