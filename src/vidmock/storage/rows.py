"""Rows as dicts, the shape the vendors' rules and wire formats read."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Result


def as_dicts(result: Result) -> list[dict[str, Any]]:
    """Each row of `result` as `{column: value}`: what `dict(row)` over `result.mappings()` gives,
    with the column names read once instead of once a row (a third of a listing's time)."""
    names = tuple(result.keys())
    return [dict(zip(names, row, strict=True)) for row in result]
