"""Page arithmetic every vendor shares; each vendor shapes its own pagination object."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, quote_plus

from connexion.context import scope


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


def request_target() -> tuple[str, str]:
    """The path and query of the request being served, as Starlette's `request.url` gives them
    (`?`, `#` and `\\` in the path escaped), read from the ASGI scope: a whole URL object built
    for its two parts costs more than the rest of a page's links."""
    path = scope["path"].replace("?", "%3F").replace("#", "%23").replace("\\", "%5C")
    return path, scope.get("query_string", b"").decode()


def with_query(path: str, raw_query: str, **changes: int | str) -> str:
    """`path` with the request's query kept in its order and `changes` set (appended if new)."""
    return QueryTemplate.of(path, raw_query, tuple(changes)).href(**changes)


class QueryTemplate:
    """A request's path and query with some parameters left open: the query is parsed and
    encoded once, and each link (a page's `self`, `next`, `last`...) only fills in the values.

    A changed key keeps the place of its first occurrence (later ones are dropped); keys the
    query lacks are appended in the order given."""

    def __init__(self, path: str, raw_query: str, keys: tuple[str, ...]) -> None:
        self._path = path
        pending = list(keys)
        # Encoded text pieces, with a key's name where its value goes.
        parts: list[str | tuple[str]] = []
        for key, value in parse_qsl(raw_query, keep_blank_values=True):
            if key in pending:
                pending.remove(key)
                parts.append((key,))
            elif key not in keys:
                parts.append(f"{quote_plus(key)}={quote_plus(value)}")  # as `urlencode` writes it
        parts.extend((key,) for key in pending)
        self._parts = parts
        self._names = {key: f"{quote_plus(key)}=" for key in keys}

    @staticmethod
    @lru_cache(maxsize=1024)
    def of(path: str, raw_query: str, keys: tuple[str, ...]) -> QueryTemplate:
        """The template of a path and query, kept: a client paging or polling sends the same
        query again and again."""
        return QueryTemplate(path, raw_query, keys)

    def href(self, **values: int | str) -> str:
        if not self._parts:
            return self._path
        pieces = [
            part if isinstance(part, str) else self._names[part[0]] + _encoded(values[part[0]])
            for part in self._parts
        ]
        return f"{self._path}?{'&'.join(pieces)}"


def _encoded(value: int | str) -> str:
    # A page number or size is its digits (`quote_plus` would leave them as they are).
    return str(value) if type(value) is int else quote_plus(str(value))
