"""The seeded world's player sessions over the history before the clock, each split into view
segments the way play, pause and seek split them, drawn as columns (numpy) a chunk at a time
and written with the views they make up. Sessions running at the clock's now end in an
unfinished segment.

Written straight to the tables: a seeded session is new, so its view is its first segment
(what `segments.insert_segments` derives for segments that may join stored sessions)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Connection

from vidmock.apis.ibm_analytics.seeding.population import DEVICE_CLASS, DEVICE_JSON, DEVICES, PLACES, Clients
from vidmock.apis.ibm_analytics.tables import segments, views
from vidmock.storage.store import insert_columns

LIVE_NOW_SHARE = 0.01  # sessions placed so they are still playing at the clock's now
ONSITE_SHARE = 0.7
SEEK_SHARE = 0.3  # recorded sessions starting, or going on, somewhere other than where they were
SEGMENTS_PER_SESSION = (1, 1, 2, 2, 3, 4, 5)
SEGMENT_SECONDS = (20, 1500)
PAUSE_SECONDS = (2, 240)
# Sessions drawn and written at a time: bounds the memory a large world takes to seed.
CHUNK = 50_000

_HEX = np.frombuffer(b"0123456789abcdef", dtype="S1")
_COUNTRY, _REGION, _CITY = (np.array([p[i] for p in PLACES], dtype=object) for i in range(3))
_MOBILE = np.array([mobile for _info, mobile, _weight in DEVICES])
_DEVICE_JSON = np.array(DEVICE_JSON, dtype=object)
_DEVICE_CLASS = np.array(DEVICE_CLASS, dtype=object)
_VIEW_TYPE = np.array(["offsite", "onsite"], dtype=object)


@dataclass(frozen=True)
class Media:
    """The channels and videos sessions play, most popular first; `duration` is 0 for live."""

    content_type: np.ndarray  # object: live | recorded
    content_id: np.ndarray  # int64
    duration: np.ndarray  # int64, seconds


def write_sessions(
    conn: Connection,
    gen: np.random.Generator,
    media: Media,
    clients: Clients,
    n_sessions: int,
    now: int,
    history: int,
) -> None:
    """`n_sessions` sessions started within `history` seconds before `now` (Unix seconds), on
    media picked with a long tail of popularity and clients picked with a Pareto spread."""
    media_weights = 1.0 / (np.arange(len(media.content_id)) + 1) ** 0.8
    media_shares = media_weights / media_weights.sum()
    client_weights = gen.pareto(1.5, len(clients)) + 1.0
    client_shares = client_weights / client_weights.sum()
    # Ids are drawn for the whole world at once and handed out in their sorted order: each
    # primary key then grows at its end instead of at random places, several times cheaper.
    segment_ids = _Ids(_uuid4s(gen, n_sessions * max(SEGMENTS_PER_SESSION)))
    session_ids = _session_ids(gen, n_sessions)

    def draw(begin: int) -> tuple[dict[str, list], dict[str, list]]:
        count = min(CHUNK, n_sessions - begin)
        picked_media = gen.choice(len(media.content_id), count, p=media_shares)
        picked_clients = gen.choice(len(clients), count, p=client_shares)
        chunk = _Chunk(picked_media, picked_clients, session_ids[begin : begin + count])
        return _draw_chunk(gen, media, clients, chunk, segment_ids, now, history)

    begins = list(range(0, n_sessions, CHUNK))
    if not begins:
        return
    # The next chunk is drawn (numpy, largely outside the GIL) while this one is written (SQLite
    # lets go of the GIL while it steps); the draws still run one after another, in order.
    with ThreadPoolExecutor(max_workers=1) as drawer:
        pending = drawer.submit(draw, begins[0])
        for following in [*begins[1:], None]:
            segment_columns, view_columns = pending.result()
            if following is not None:
                pending = drawer.submit(draw, following)
            insert_columns(conn, segments, segment_columns)
            insert_columns(conn, views, view_columns)


@dataclass(frozen=True)
class _Chunk:
    """The sessions drawn and written together: what each plays, on which client, its id."""

    media: np.ndarray
    clients: np.ndarray
    session_ids: np.ndarray  # sorted (high, low) 32-bit pairs


class _Ids:
    """Sorted (high, low) 64-bit pairs, handed out in order."""

    def __init__(self, pairs: np.ndarray) -> None:
        self._pairs, self._next = pairs, 0

    def take(self, count: int) -> np.ndarray:
        taken = self._pairs[self._next : self._next + count]
        self._next += count
        return taken


def _draw_chunk(
    gen: np.random.Generator,
    media: Media,
    clients: Clients,
    chunk: _Chunk,
    segment_ids: _Ids,
    now: int,
    history: int,
) -> tuple[dict[str, list], dict[str, list]]:
    """The chunk's sessions as (segment columns, view columns)."""
    picked_media, picked_clients = chunk.media, chunk.clients
    count = len(picked_media)
    recorded = media.content_type[picked_media] == "recorded"
    duration = media.duration[picked_media]
    live_now = gen.random(count) < LIVE_NOW_SHARE
    started = np.where(
        live_now,
        now - gen.integers(60, 1800, count, endpoint=True),
        now - gen.integers(600, history, count, endpoint=True),
    )
    session_ids = _text(_session_id_chars(chunk.session_ids))
    onsite = gen.random(count) < ONSITE_SHARE
    seek = recorded & (gen.random(count) < SEEK_SHARE)
    position = np.where(seek, gen.integers(0, duration // 2, endpoint=True), 0)
    planned = gen.choice(SEGMENTS_PER_SESSION, count)

    first_started = started.copy()
    parts = []
    active = np.arange(count)
    for k in range(max(SEGMENTS_PER_SESSION)):
        if not len(active):
            break
        at, pos, rec, dur = started[active], position[active], recorded[active], duration[active]
        length = gen.integers(*SEGMENT_SECONDS, len(active), endpoint=True)
        length = np.where(rec, np.minimum(length, np.maximum(dur - pos, 1)), length)
        finished = at + length
        playing = finished > now
        end = np.where(rec, pos + length, 0)
        parts.append((active, at, np.where(playing, -1, finished), np.where(rec, pos, 0), end))
        # A pause, or a seek: the next segment starts a little later, maybe elsewhere.
        following = finished + gen.integers(*PAUSE_SECONDS, len(active), endpoint=True)
        seeking = rec & (gen.random(len(active)) < SEEK_SHARE)
        elsewhere = gen.integers(0, np.maximum(dur - 1, 0), endpoint=True)
        started[active] = following
        position[active] = np.where(seeking, elsewhere, end)
        goes_on = (planned[active] > k + 1) & ~playing & ~(rec & (end >= dur)) & (following < now)
        active = active[goes_on]

    columns = (np.concatenate(column) for column in zip(*parts, strict=True))
    session, at, finished, from_position, to_position = columns
    content, client = picked_media[session], picked_clients[session]
    device, place = clients.device[client], clients.place[client]
    finished_at = finished.astype(object)
    finished_at[finished < 0] = None  # still playing at the clock's now
    segment_columns = {
        "id": _text(_uuid4_chars(segment_ids.take(len(session)))).tolist(),
        "content_type": media.content_type[content].tolist(),
        "content_id": media.content_id[content].tolist(),
        "started_at": at.tolist(),
        "finished_at": finished_at.tolist(),
        "from_position": from_position.tolist(),
        "to_position": to_position.tolist(),
        "client_id": clients.client_id[client].tolist(),
        "view_session_id": session_ids[session].tolist(),
        "viewer_identifier": clients.viewer_identifier[client].tolist(),
        "country": _COUNTRY[place].tolist(),
        "region": _REGION[place].tolist(),
        "city": _CITY[place].tolist(),
        "is_mobile_view": _MOBILE[device].tolist(),
        "view_type": _VIEW_TYPE[onsite[session].astype(int)].tolist(),
        "device_info": _DEVICE_JSON[device].tolist(),
    }
    device, place = clients.device[picked_clients], clients.place[picked_clients]
    view_columns = {
        "view_session_id": session_ids.tolist(),
        "started_at": first_started.tolist(),
        "content_type": media.content_type[picked_media].tolist(),
        "content_id": media.content_id[picked_media].tolist(),
        "client_id": clients.client_id[picked_clients].tolist(),
        "viewer_identifier": clients.viewer_identifier[picked_clients].tolist(),
        "country": _COUNTRY[place].tolist(),
        "region": _REGION[place].tolist(),
        "device": _DEVICE_CLASS[device].tolist(),
        "view_type": _VIEW_TYPE[onsite.astype(int)].tolist(),
    }
    return segment_columns, view_columns


def _hex(values: np.ndarray, digits: int) -> np.ndarray:
    """Each unsigned integer as `digits` lowercase hex digits: shape (n, digits) of bytes."""
    shifts = np.arange(digits - 1, -1, -1, dtype=np.uint64) * np.uint64(4)
    return _HEX[(values[:, None] >> shifts) & np.uint64(0xF)]


def _text(chars: np.ndarray) -> np.ndarray:
    """Rows of single characters as one string each (object array)."""
    return (
        np.ascontiguousarray(chars)
        .view(f"S{chars.shape[1]}")
        .ravel()
        .astype(f"U{chars.shape[1]}")
        .astype(object)
    )


def _sorted(pairs: np.ndarray) -> np.ndarray:
    """Rows of (high, low) sorted by `high` (equal highs, at 2**-32 or less, keep their draw order)."""
    return pairs[np.argsort(pairs[:, 0], kind="stable")]


def _session_ids(gen: np.random.Generator, count: int) -> np.ndarray:
    """`count` view session ids as sorted pairs of 32-bit numbers."""
    return _sorted(gen.integers(0, 2**32, (count, 2), dtype=np.uint64))


def _session_id_chars(pairs: np.ndarray) -> np.ndarray:
    """Session ids in their text, the two numbers in hex (`8f0e12ab:00c3d4e5`), as characters."""
    colon = np.full((len(pairs), 1), b":", dtype="S1")
    return np.hstack([_hex(pairs[:, 0], 8), colon, _hex(pairs[:, 1], 8)])


def _uuid4s(gen: np.random.Generator, count: int) -> np.ndarray:
    """`count` version-4 UUIDs as sorted (high, low) 64-bit pairs."""
    high, low = gen.integers(0, np.iinfo(np.uint64).max, (2, count), dtype=np.uint64, endpoint=True)
    high = (high & ~np.uint64(0xF000)) | np.uint64(0x4000)
    low = (low & ~np.uint64(0xC << 60)) | np.uint64(0x8 << 60)
    return _sorted(np.stack([high, low], axis=1))


def _uuid4_chars(pairs: np.ndarray) -> np.ndarray:
    """UUIDs in their canonical text (`8-4-4-4-12` hex digits), as characters."""
    digits = np.hstack([_hex(pairs[:, 0], 16), _hex(pairs[:, 1], 16)])
    dash = np.full((len(pairs), 1), b"-", dtype="S1")
    cut = (8, 12, 16, 20)
    parts = [digits[:, :8]]
    for at, to in zip(cut, (*cut[1:], 32), strict=True):
        parts += [dash, digits[:, at:to]]
    return np.hstack(parts)
