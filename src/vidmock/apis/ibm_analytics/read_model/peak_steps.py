"""Peak concurrent viewers read off a step function per content, built once per read model:
the number of finished segments playing from each instant where it changes. A request then
costs a binary search of its bucket edges per content instead of sorting every start and end
in its range (`peak_table`'s general path, which this must agree with).

The steps hold finished segments of positive length only. Segments still playing (they count
until the clock's now) are merged in for the contents that have them in range; a world where
a finished segment starts at or after now (the clock moved back before it) is left to the
general path, as is a grid whose table would be far larger than the events in its range."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vidmock.apis.ibm_analytics.domain.buckets import FIXED_STEP, Buckets
from vidmock.apis.ibm_analytics.read_model.segment_index import SegmentIndex

# (buckets x contents) cells of one request's table, at most: 16 MB of int32. A table far
# larger than the segments in range (minutes over months, say) costs more than their sort.
MAX_CELLS = 4_000_000
CELLS_PER_SEGMENT = 4
# No rows: an empty bucket, content or peak column.
EMPTY = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class PeakSteps:
    """Content `c` has steps `[bounds[c], bounds[c + 1])`: from `times[i]` (Unix seconds,
    increasing) until the next of its instants, `playing[i]` finished segments play."""

    bounds: np.ndarray
    times: np.ndarray
    playing: np.ndarray
    last_start: float  # the latest start among them; -inf for none


def peak_steps(index: SegmentIndex) -> PeakSteps:
    # Built over every finished segment at once: each array is let go as soon as it is used
    # up, a million segments' events weighing 16 MB an array.
    finished = index.finished
    closed = np.flatnonzero(~np.isnan(finished) & (finished > index.started))
    count = len(closed)
    last_start = float(index.started[closed].max()) if count else -np.inf
    owner = index.content[closed]
    times = np.concatenate([index.started[closed], finished[closed]])
    del closed
    owners = np.concatenate([owner, owner])
    del owner
    # By content, then instant; the sort is stable, so at one instant starts (the first
    # `count` events) come before ends.
    order = np.lexsort((times, owners))
    times, owners = times[order], owners[order]
    # Every content's changes sum to nought, so one running sum over all of them is each
    # content's own; the count after an instant's last change holds until its next instant.
    changes = (order < count).astype(np.int32)
    del order
    changes *= 2
    changes -= 1
    playing = np.cumsum(changes, dtype=np.int32)
    del changes
    last = np.ones(len(times), dtype=bool)
    last[:-1] = (owners[1:] != owners[:-1]) | (times[1:] != times[:-1])
    return PeakSteps(
        np.searchsorted(owners[last], np.arange(len(index.content_keys) + 1)),
        times[last],
        playing[last],
        last_start,
    )


def step_peaks(
    steps: PeakSteps,
    index: SegmentIndex,
    grid: Buckets,
    lo: float,
    hi: float,
    now: float,
    codes: np.ndarray,
    candidates: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(bucket, content code, peak) of every pair with a peak of at least one over [lo, hi),
    ordered by bucket, then code, for the content `codes` (increasing) let through; None when
    the general path must answer. `candidates` is `candidates_in_range(index, lo, hi)`, which
    the caller weighs too."""
    if not len(codes):
        return EMPTY, EMPTY, EMPTY
    cells = len(grid) * len(codes)  # at least the grid's length: bounded before any edge is made
    if steps.last_start >= now or cells > MAX_CELLS or cells > CELLS_PER_SEGMENT * candidates:
        return None
    edges = _edges(grid, lo, hi)
    table = np.zeros((len(grid), len(codes)), dtype=np.int32)
    open_starts = _open_starts(index, lo, hi, now)
    for column, code in enumerate(codes.tolist()):
        times, playing = _content_steps(steps, code, open_starts.get(code), now)
        if len(times) and times[0] < hi and times[-1] > lo:
            table[:, column] = _bucket_peaks(times, playing, edges)
    bucket, column = np.nonzero(table)
    return bucket, codes[column], table[bucket, column]


def step_stretches(
    steps: PeakSteps, index: SegmentIndex, lo: float, hi: float, now: float, codes: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """(start, end, content code, how many play) of every stretch of [lo, hi) in which one or
    more segments of a content of `codes` (increasing) play, in (code, time) order: what
    `peak_table`'s general path finds by sorting every start and end in range, read off each
    content's steps instead. None when the general path must answer."""
    if steps.last_start >= now or not len(codes):
        return None
    open_starts = _open_starts(index, lo, hi, now)
    found = []
    for code in codes.tolist():
        times, playing = _content_steps(steps, code, open_starts.get(code), now)
        # From the step playing at lo (if any) to the last one starting before hi, leaving out
        # a content's last step, which plays nothing.
        first = max(int(np.searchsorted(times, lo, "right")) - 1, 0)
        last = min(int(np.searchsorted(times, hi, "left")), len(times) - 1)
        if first < last:
            found.append((times[first:last], times[first + 1 : last + 1], playing[first:last], code))
    if not found:
        return EMPTY, EMPTY, EMPTY, EMPTY
    begins, follows, counts, owners = zip(*found, strict=True)
    start, end = np.maximum(np.concatenate(begins), lo), np.minimum(np.concatenate(follows), hi)
    playing = np.concatenate(counts)
    owner = np.repeat(owners, [len(begin) for begin in begins])
    real = (playing > 0) & (end > start)
    return start[real], end[real], owner[real], playing[real]


def candidates_in_range(index: SegmentIndex, lo: float, hi: float) -> int:
    """Segments that started early enough to play in [lo, hi) and before hi (unfinished ones
    from earlier aside)."""
    return int(np.searchsorted(index.started, hi) - np.searchsorted(index.started, lo - index.max_span))


def _edges(grid: Buckets, lo: float, hi: float) -> np.ndarray:
    """The bucket boundaries inside (lo, hi), with lo first and hi last (peaks come by minute
    or by hour: fixed steps in absolute time)."""
    edges = grid.first.timestamp() + np.arange(len(grid) + 1) * FIXED_STEP[grid.unit]
    edges[0], edges[-1] = lo, hi
    return edges


def _bucket_peaks(times: np.ndarray, playing: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """The most playing at once within each [edges[j], edges[j + 1])."""
    counts = np.concatenate([[0], playing])  # counts[k + 1]: from times[k]; counts[0]: before
    at_edge = np.searchsorted(times, edges, "right")  # the step playing at each edge
    # Steps starting inside a bucket run from at_edge[j] up to the one playing just before its end.
    inside = np.maximum.reduceat(counts, at_edge)[:-1]
    before_end = counts[np.searchsorted(times, edges[1:], "left")]
    return np.maximum(inside, before_end)


def _content_steps(
    steps: PeakSteps, code: int, open_starts: np.ndarray | None, now: float
) -> tuple[np.ndarray, np.ndarray]:
    """Content `code`'s steps (times, how many play), with its segments still playing from
    `open_starts` until now merged in."""
    begin, end = steps.bounds[code], steps.bounds[code + 1]
    times, playing = steps.times[begin:end], steps.playing[begin:end]
    if open_starts is None:
        return times, playing
    return _with_open(times, playing, open_starts, now)


def _open_starts(index: SegmentIndex, lo: float, hi: float, now: float) -> dict[int, np.ndarray]:
    """Per content, the sorted starts of the segments still playing at now that play in [lo, hi)."""
    began = index.started[index.unfinished]
    keep = (began < hi) & (began < now) & (now > lo)
    codes, began = index.content[index.unfinished][keep], began[keep]
    return {int(code): np.sort(began[codes == code]) for code in np.unique(codes)}


def _with_open(
    times: np.ndarray, playing: np.ndarray, starts: np.ndarray, now: float
) -> tuple[np.ndarray, np.ndarray]:
    """The steps with segments playing from `starts` until now added."""
    merged = np.unique(np.concatenate([times, starts, [now]]))
    finished = np.concatenate([[0], playing])[np.searchsorted(times, merged, "right")]
    still = np.where(merged < now, np.searchsorted(starts, merged, "right"), 0)
    return merged, finished + still
