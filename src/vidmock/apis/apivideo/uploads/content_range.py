"""The `Content-Range` header of a chunked upload, in the two forms api.video reads.

- `bytes START-END/TOTAL`: the chunk holds bytes START to END (inclusive, from 0) of a file of
  TOTAL bytes (the form of api.video's 2021 spec and of its JavaScript uploader).
- `part N/TOTAL` or `part N/*`: the chunk is part N (from 1) of TOTAL parts, or of an unknown
  number until the last, which says `part N/N` (the official Python client 1.2 sends
  `part N/TOTAL` on every chunk; its progressive sessions send `part N/*` then `part N/N`).

The spec's `pattern` has checked the header's form, that parts count from 1 and that each
number is at most 2^53 - 1 (`numerals.LARGEST_EXACT`: the store and every JSON client hold it;
a file of more bytes or parts is no upload anyone sends); this reads the numbers and refuses,
naming `Content-Range`, numbers that contradict each other, which no pattern can state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vidmock.http.errors import ApiError
from vidmock.http.numerals import LARGEST_EXACT, exact_integer

HEADER = "Content-Range"
_BYTES = re.compile(r"bytes ([0-9]+)-([0-9]+)/([0-9]+)")
_PART = re.compile(r"part ([0-9]+)/([0-9]+|\*)")


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive
    total: int


@dataclass(frozen=True)
class Part:
    number: int  # from 1
    total: int | None  # None for `*`

    @property
    def is_last(self) -> bool:
        return self.total is not None and self.number == self.total


def refused(detail: str) -> ApiError:
    return ApiError(400, detail, parameter=HEADER, location="header")


def parse(value: str) -> ByteRange | Part:
    """The header read, or a 400 naming `Content-Range` when its numbers cannot describe a chunk."""
    if match := _BYTES.fullmatch(value):
        start, end, total = (_number(value, group) for group in match.groups())
        if start > end:
            raise refused(f"'{value}': the first byte ({start}) comes after the last ({end})")
        if end >= total:
            raise refused(f"'{value}': byte {end} lies past the end of a {total}-byte file")
        return ByteRange(start, end, total)
    if match := _PART.fullmatch(value):
        number = _number(value, match.group(1))
        total = None if match.group(2) == "*" else _number(value, match.group(2))
        if number < 1:
            raise refused(f"'{value}': parts are numbered from 1")
        if total is not None and number > total:
            raise refused(f"'{value}': part {number} of only {total}")
        return Part(number, total)
    raise refused(f"'{value}' is neither 'bytes START-END/TOTAL' nor 'part N/TOTAL' nor 'part N/*'")


def _number(value: str, digits: str) -> int:
    number = exact_integer(digits)
    if number is None:
        shown = digits if len(digits) <= 40 else f"a number of {len(digits)} digits"
        raise refused(f"'{_cut(value)}': {shown} is larger than {LARGEST_EXACT}, the largest number accepted")
    return number


def _cut(value: str) -> str:
    return value if len(value) <= 80 else value[:77] + "..."
