"""Text columns as small integers for the read model: each distinct value gets its rank in
sorted order, so comparing codes orders values as the store's binary collation does."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np


def encode(values: Sequence[Hashable], missing: tuple = (None,)) -> tuple[np.ndarray, list]:
    """(codes as int32, the sorted distinct values); a value in `missing` gets -1."""
    labels = sorted({v for v in values if v not in missing})
    index = {label: code for code, label in enumerate(labels)}
    codes = np.fromiter((index.get(v, -1) for v in values), dtype=np.int32, count=len(values))
    return codes, labels


def previous_same(keys: np.ndarray) -> np.ndarray:
    """For each position, the nearest earlier position holding the same key, else -1.

    A slice [lo, hi) then holds as many distinct keys as positions in it whose previous same
    key lies before `lo`: a distinct count over any slice without sorting it."""
    order = np.argsort(keys, kind="stable")
    previous = np.full(len(keys), -1, dtype=np.int64)
    same = keys[order[1:]] == keys[order[:-1]]
    previous[order[1:][same]] = order[:-1][same]
    return previous
