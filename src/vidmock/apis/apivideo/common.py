"""Rules every api.video resource shares: the 404 naming the id, metadata matching, ordering."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from vidmock.http.errors import ApiError


def not_found(parameter: str, value: str) -> ApiError:
    return ApiError(404, f"No resource has the {parameter} '{value}'", parameter=parameter)


def has_metadata(pairs: Iterable[dict[str, str]], wanted: dict[str, str] | None) -> bool:
    """True when every wanted key=value pair is among `pairs` (the filters combine with AND)."""
    if not wanted:
        return True
    have = {(pair["key"], pair["value"]) for pair in pairs}
    return all((key, value) in have for key, value in wanted.items())


def sort_rows(
    rows: list[dict[str, Any]], key: Callable[[dict[str, Any]], Any], tie: str, descending: bool
) -> list[dict[str, Any]]:
    """Sorted by `key`, ties by the id column `tie` in the same direction."""
    return sorted(rows, key=lambda row: (key(row), row[tie]), reverse=descending)
