"""Page arithmetic every vendor shares; each vendor shapes its own pagination object."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    size: int
    total: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def beyond_end(self) -> bool:
        """True when the page starts past the last item, so there is nothing to fetch."""
        return self.offset >= self.total

    @property
    def last(self) -> int:
        """The last page; an empty result still has one (empty) page."""
        return max(1, -(-self.total // self.size))

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.last else None


def with_query(path: str, raw_query: str, **changes: int | str) -> str:
    """`path` with the request's query kept in its order and `changes` set (appended if new)."""
    items = parse_qsl(raw_query, keep_blank_values=True)
    pending = {k: str(v) for k, v in changes.items()}
    kept: list[tuple[str, str]] = []
    for key, value in items:
        if key in pending:
            kept.append((key, pending.pop(key)))
        elif key not in changes:
            kept.append((key, value))
    kept.extend(pending.items())
    return f"{path}?{urlencode(kept)}" if kept else path
