"""Text columns as small integers for the read model: each distinct value gets its rank in
sorted order, so comparing codes orders values as the store's binary collation does."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np


class Encoder:
    """Codes for values arriving a chunk at a time: `add` gives each chunk provisional codes,
    `finish` turns all of them into sorted ranks. A value in `missing` gets -1."""

    def __init__(self, missing: tuple = (None,)) -> None:
        self._index: dict[Hashable, int] = dict.fromkeys(missing, -1)
        self._labels: list = []

    def add(self, values: Sequence[Hashable]) -> np.ndarray:
        index, labels = self._index, self._labels
        for value in dict.fromkeys(values):
            if value not in index:
                index[value] = len(labels)
                labels.append(value)
        return np.fromiter(map(index.__getitem__, values), dtype=np.int32, count=len(values))

    def finish(self, provisional: np.ndarray) -> tuple[np.ndarray, list]:
        """(the codes as sorted ranks, int32; the sorted distinct values)."""
        order = sorted(range(len(self._labels)), key=self._labels.__getitem__)
        # One slot more, holding -1: a missing value's -1 indexes it.
        rank = np.full(len(order) + 1, -1, dtype=np.int32)
        rank[order] = np.arange(len(order), dtype=np.int32)
        return rank[provisional], [self._labels[i] for i in order]


def encode_contents(kinds: np.ndarray, kind_labels: list, content_ids: np.ndarray) -> tuple[np.ndarray, list]:
    """Codes of (content type, content id) pairs, ordered as the pairs sort: (codes as int32,
    the sorted distinct pairs). `kinds` are codes into the sorted `kind_labels`."""
    ids, id_codes = np.unique(content_ids, return_inverse=True)
    pairs, codes = np.unique(kinds.astype(np.int64) * len(ids) + id_codes.reshape(-1), return_inverse=True)
    labels = [(kind_labels[pair // len(ids)], ids[pair % len(ids)]) for pair in pairs.tolist()]
    return codes.reshape(-1).astype(np.int32), [(kind, int(content_id)) for kind, content_id in labels]


def previous_same(keys: np.ndarray) -> np.ndarray:
    """For each position, the nearest earlier position holding the same key, else -1.

    A slice [lo, hi) then holds as many distinct keys as positions in it whose previous same
    key lies before `lo`: a distinct count over any slice without sorting it."""
    order = np.argsort(keys, kind="stable")
    previous = np.full(len(keys), -1, dtype=np.int64)
    same = keys[order[1:]] == keys[order[:-1]]
    previous[order[1:][same]] = order[:-1][same]
    return previous
