"""The IBM read model (sorted arrays derived from the store) answers exactly as a plain SQL
recount does: random requests over a seeded world, whole response bodies compared."""

from __future__ import annotations

import gc
import random
from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pytest
from sqlalchemy import event

from conftest import DEV, IBM, NOW, make_app, segment, sid
from vidmock.apis.ibm_analytics import operations as handlers
from vidmock.apis.ibm_analytics.domain.segments import insert_segments
from vidmock.apis.ibm_analytics.read_model import peak_steps as peak_steps_module
from vidmock.apis.ibm_analytics.read_model import peak_table as peak_table_module
from vidmock.apis.ibm_analytics.read_model.peak_steps import (
    candidates_in_range,
    peak_steps,
    step_peaks,
    step_stretches,
)
from vidmock.apis.ibm_analytics.read_model.peak_table import peak_table
from vidmock.apis.ibm_analytics.read_model.segment_index import SegmentIndex
from vidmock.apis.ibm_analytics.read_model.segment_texts import SegmentTexts
from vidmock.apis.ibm_analytics.read_model.sql_reads import SqlReads

METRICS = ("total-views", "unique-devices", "authenticated-viewers")
DIMENSIONS = ("month", "day", "hour", "location", "device", "view-source", "country", "region")
ZONES = ("Z", "+02:00", "-07:00", "")  # "": no offset, read as Los Angeles
_T0 = int(NOW.timestamp())


def _awkward_segments() -> list[dict]:
    """Rows the seeded world lacks: ends exactly on range edges, a very long segment (far
    carried-in), unfinished ones, empty and mixed-case identifiers, and a content id that is
    both a channel and a video."""
    return [
        segment("long", _T0 - 60 * 86_400, _T0 - 30 * 86_400, viewer_identifier="Zed@Example.com"),
        segment("open-1", _T0 - 3600, None, viewer_identifier="zed@example.com"),
        segment("open-2", _T0 - 7200, None, content_type="live", content_id=1001),
        segment("blank", _T0 - 5 * 86_400, _T0 - 5 * 86_400 + 600, viewer_identifier=""),
        segment("edge-a", _T0 - 2 * 86_400, _T0 - 2 * 86_400, client_id="222", view_session_id="s2"),
        segment("edge-b", _T0 - 2 * 86_400, _T0 - 86_400, viewer_identifier="ÉVA@example.com"),
    ]


@pytest.fixture(scope="module")
def world():
    app = make_app(size="small", validate_responses=False)
    with app.world.store.begin() as conn:
        insert_segments(conn, _awkward_segments())
    return app


@pytest.fixture(scope="module")
def edges(world) -> list[int]:
    """Instants where segments start or finish: ranges starting or ending there test the edges."""
    with world.world.store.begin() as conn:
        rows = conn.exec_driver_sql("SELECT started_at, finished_at FROM ibm_segments").all()
    return sorted({t for row in rows for t in row if t is not None})


def _when(rng: random.Random, instant: float) -> str:
    zone = rng.choice(ZONES)
    offset = {"Z": 0, "+02:00": 2, "-07:00": -7, "": -8}[zone]
    moment = datetime.fromtimestamp(instant, UTC).astimezone(timezone(timedelta(hours=offset)))
    text = moment.replace(tzinfo=None).isoformat(timespec="microseconds" if rng.random() < 0.2 else "seconds")
    return text + zone


def random_request(rng: random.Random, edges: list[int]) -> tuple[str, dict]:
    if rng.random() < 0.4:
        start = rng.choice(edges) + rng.choice((0, 0, -1, 1, 0.5))
    else:
        start = _T0 - rng.uniform(0, 100 * 86_400)
    span = rng.choice((3600, 6 * 3600, 86_400, 7 * 86_400, 30 * 86_400, 120 * 86_400)) * rng.uniform(0.5, 1)
    end = rng.choice(edges) if rng.random() < 0.2 else start + span
    params: dict = {"date_time_from": _when(rng, start), "date_time_to": _when(rng, end)}
    params["_page"] = rng.choice((1, 1, 1, 2, 3, rng.randint(1, 50)))
    params["_limit"] = rng.choice((1, 3, 10, 10, 50, rng.randint(10, 1000)))
    kind = rng.choice(("", "", "/live", "/recorded"))
    family = rng.choice(("views", "viewers", "metric", "metric", "metric", "peak-viewer-numbers"))
    if kind and rng.random() < 0.5:
        params["content_id"] = ",".join(str(i) for i in rng.sample(_content_ids(), rng.randint(1, 3)))
    if family in ("views", "viewers"):
        if rng.random() < 0.3:
            params["list_unfinished_segments"] = rng.choice(("true", "false"))
        if family == "views" and rng.random() < 0.3:
            params["inclusive_range"] = rng.choice(("true", "false"))
        if family == "viewers" and rng.random() < 0.3:
            params["viewer_identifier"] = rng.choice(("e", "EXAMPLE", "zed@", "éva", "0@", "@g", "nobody"))
        return f"/{family}{kind}", params
    if family == "peak-viewer-numbers":
        params["granularity"] = rng.choice(("minute", "hour"))
        return f"/{family}{kind}", params
    metric = rng.choice(METRICS)
    dimension = rng.choice((*DIMENSIONS, "summary"))
    return f"/{metric}{kind}/{dimension}", params


_CONTENT_IDS: list[int] = []


def _content_ids() -> list[int]:
    return _CONTENT_IDS


@pytest.fixture(scope="module", autouse=True)
def content_ids(world):
    with world.world.store.begin() as conn:
        _CONTENT_IDS[:] = sorted(set(conn.exec_driver_sql("SELECT content_id FROM ibm_contents").scalars()))
    _CONTENT_IDS.append(1001)


def test_random_requests_get_the_bodies_a_sql_recount_gives(world, edges, monkeypatch):
    rng = random.Random(16)
    client = world.test_client()
    compared = {"views": 0, "viewers": 0, "peak-viewer-numbers": 0, "metric": 0, "non-empty": 0}
    for _ in range(500):
        path, params = random_request(rng, edges)
        fast = client.get(IBM + path, params=params, headers=DEV)
        with monkeypatch.context() as patched:
            patched.setattr(handlers, "reads", lambda _store, connection: SqlReads(connection()))
            reference = client.get(IBM + path, params=params, headers=DEV)
        assert fast.status_code == reference.status_code == 200, (path, params, fast.text)
        assert fast.content == reference.content, (path, params)
        family = path.split("/")[1]
        compared[family if family in compared else "metric"] += 1
        compared["non-empty"] += fast.json()["pagination"]["count"] > 0
    # The random requests did reach every family, and most found something.
    assert min(compared.values()) >= 40, compared


def test_a_write_is_seen_by_the_next_read_and_a_rolled_back_one_is_not(empty_app, add_segments):
    client = empty_app.test_client()
    params = {"date_time_from": "2026-11-24T00:00:00Z", "date_time_to": "2026-11-24T23:00:00Z"}

    def count() -> int:
        return client.get(IBM + "/views", params=params, headers=DEV).json()["pagination"]["count"]

    assert count() == 0
    add_segments(segment("one", _T0 - 600, _T0 - 300))
    assert count() == 1
    with pytest.raises(RuntimeError), empty_app.world.store.begin() as conn:
        insert_segments(conn, [segment("two", _T0 - 500, _T0 - 100)])
        raise RuntimeError("rolled back")
    assert count() == 1
    with empty_app.world.store.begin() as conn:
        empty_app.world.store.clear(conn)
    assert count() == 0


def test_a_segment_changed_in_the_store_is_answered_as_changed(empty_app, add_segments):
    # Segments' texts are kept while the store is unchanged; a write must replace them.
    client = empty_app.test_client()
    add_segments(segment("city", _T0 - 600, _T0 - 300, viewer_identifier="ann@example.com"))
    params = {"date_time_from": "2026-11-24T00:00:00Z", "date_time_to": "2026-11-24T23:00:00Z"}

    def cities() -> list[str]:
        views = client.get(IBM + "/views", params=params, headers=DEV).json()["data"]
        viewers = client.get(IBM + "/viewers", params=params, headers=DEV).json()["data"]
        return [v["attributes"]["city"] for v in views] + [
            s["city"] for v in viewers for s in v["attributes"]["segments"]
        ]

    assert cities() == ["Budapest", "Budapest"]
    with empty_app.world.store.begin() as conn:
        conn.exec_driver_sql("UPDATE ibm_segments SET city = 'Szeged'")
    assert cities() == ["Szeged", "Szeged"]


def test_segment_texts_are_written_in_the_zone_asked_for_and_stay_right_past_their_bound(
    empty_app, add_segments
):
    add_segments(
        segment("a", 1_700_000_000, 1_700_000_600),
        segment("b", 1_700_000_060, None),
        segment("c", 1_700_000_120, 1_700_000_180, viewer_identifier="ann@example.com"),
    )
    ids = [sid("a"), sid("b"), sid("c")]  # by rank
    texts = SegmentTexts(lambda ranks: [ids[rank] for rank in ranks], limit=2)
    plus_two = timezone(timedelta(hours=2))
    with empty_app.world.store.read() as conn:
        a_utc, b_utc = texts.of(lambda: conn, [0, 1], UTC)
        # Past the bound: all dropped, `a` (kept until then) written again with `c`.
        c, a_again = texts.of(lambda: conn, [2, 0], UTC)
        (a_plus_two,) = texts.of(lambda: conn, [0], plus_two)
    assert a_utc[0].startswith(f'"{sid("a")}", ')
    assert '"started_at": "2023-11-14T22:13:20+00:00", "finished_at": "2023-11-14T22:23:20+00:00"' in a_utc[0]
    assert (
        '"started_at": "2023-11-15T00:13:20+02:00", "finished_at": "2023-11-15T00:23:20+02:00"'
        in (a_plus_two[0])
    )
    assert '"finished_at": null' in b_utc[0]
    assert a_again == a_utc
    assert c[0].startswith(f'"{sid("c")}", ') and c[1] == '"ann@example.com"'


def test_viewer_totals_count_each_content_once_and_take_a_playing_segment_at_its_start(
    empty_app, add_segments
):
    add_segments(
        # ann: content 1001 twice and 1002 once; last heard when 1002 finished (t=500).
        segment("a1", 100, 200, viewer_identifier="ann"),
        segment("a2", 300, 400, viewer_identifier="ann"),
        segment("a3", 150, 500, viewer_identifier="ann", content_id=1002),
        # bob: one content, still playing since 600, and one finished at 450.
        segment("b1", 600, None, viewer_identifier="bob", content_id=1003),
        segment("b2", 50, 450, viewer_identifier="bob", content_id=1003),
        # A live content with the same id is another content.
        segment("b3", 60, 70, viewer_identifier="bob", content_id=1003, content_type="live"),
        segment("anon", 700, 800),
    )
    with empty_app.world.store.read() as conn:
        index = SegmentIndex(conn)
    named = [rank for rank in range(len(index.ids)) if index.viewer[rank] >= 0]

    def totals(ranks: list[int]) -> dict[str, tuple[int, float]]:
        groups = index.viewer_groups(np.array(ranks))
        return {
            index.viewers[code]: (watched, last)
            for code, watched, last in zip(
                groups.codes, groups.videos_watched, groups.last_activity, strict=True
            )
        }

    assert totals(named) == {"ann": (2, 500.0), "bob": (2, 600.0)}
    # Only the segments given count: bob's playing segment left out, his last is 450.
    b2 = [rank for rank in named if index.ids[rank].decode() == sid("b2")]
    assert totals(b2) == {"bob": (1, 450.0)}


@pytest.mark.parametrize("read_off", ["a table of the steps", "stretches of the steps"])
def test_peaks_read_off_the_steps_equal_those_of_sorting_every_event(world, monkeypatch, read_off):
    # The steps answer nearly every peaks request the API sees: as a table of buckets by
    # contents (`step_peaks`) or, for a table too large, as the stretches the general path
    # would find by sorting the range's starts and ends (`step_stretches`). Random ranges,
    # zones, clocks (some before the last segment's start, where only sorting may answer) and
    # filters, against sorting.
    rng = random.Random(7)
    pick = random.Random(11)  # the pages compared, apart from the requests drawn
    if read_off == "a table of the steps":
        # This world is small: most tables would be large next to its segments, and go the general way.
        monkeypatch.setattr(peak_steps_module, "CELLS_PER_SEGMENT", 10**9)
    else:
        monkeypatch.setattr(peak_steps_module, "MAX_CELLS", 0)
        monkeypatch.setattr(peak_table_module, "SORTED_UP_TO_PER_CONTENT", -1)
    with world.world.store.read() as conn:
        index = SegmentIndex(conn)
    steps = peak_steps(index)
    kinds = [None, "live", "recorded"]
    answered_by_steps = found_some = 0
    for _ in range(300):
        zone = timezone(timedelta(minutes=rng.choice([0, 120, -420, 330, -480])))
        start = datetime.fromtimestamp(_T0 - rng.uniform(0, 95 * 86_400), zone)
        end = start + timedelta(seconds=rng.choice([60, 3599, 3600, 86_400, 30 * 86_400]) * rng.random())
        now = _T0 - rng.choice([0, 0, 0, 3600, 40 * 86_400])
        granularity = rng.choice(["minute", "hour"])
        kind = rng.choice(kinds)
        ids = tuple(rng.sample(_content_ids(), 2)) if rng.random() < 0.3 else ()
        general = peak_table(index, start, end, zone, granularity, now, kind, ids)
        fast = peak_table(index, start, end, zone, granularity, now, kind, ids, steps)
        assert len(fast) == len(general)
        # Whole, and in windows: the general path expands only the buckets a page shows.
        windows = [(0, len(general) + 1)] + [
            (pick.randrange(len(general) + 2), pick.randint(1, 40)) for _ in range(3)
        ]
        for offset, limit in windows:
            assert fast.page(offset, limit) == general.page(offset, limit), (start, end, now, offset, limit)
        every = np.arange(len(index.content_keys))
        lo, hi = start.timestamp(), max(start, end).timestamp()
        if read_off == "a table of the steps":
            candidates = candidates_in_range(index, lo, hi)
            answered = step_peaks(steps, index, general.grid, lo, hi, now, every, candidates)
        else:
            answered = step_stretches(steps, index, lo, hi, now, every)
        answered_by_steps += answered is not None
        found_some += len(general) > 0
    assert 150 <= answered_by_steps < 300 and found_some >= 100, (answered_by_steps, found_some)


@pytest.mark.parametrize("db_url", ["sqlite", "file"], indirect=True)
def test_a_read_from_a_known_model_begins_no_transaction_only_on_an_in_memory_store(
    empty_app, add_segments, db_url
):
    # Only this process reaches an in-memory database, so its generation is asked on the
    # driver's connection; a file may be written by another worker, so it is asked in the
    # read's own transaction. A write, and a rolled-back one, are seen either way.
    store = empty_app.world.store
    client = empty_app.test_client()
    params = {"date_time_from": "2026-11-24T00:00:00Z", "date_time_to": "2026-11-24T23:00:00Z"}
    begun: list[object] = []
    event.listen(store.engine, "begin", begun.append)

    def summary() -> int:
        begun.clear()
        answer = client.get(IBM + "/total-views/summary", params=params, headers=DEV)
        return answer.json()["data"][0]["attributes"]["value"]

    add_segments(segment("one", _T0 - 600, _T0 - 300, client_id="a", view_session_id="aaaa0000:00000001"))
    assert summary() == 1 and begun  # the model is built in a transaction
    assert summary() == 1
    in_memory = db_url == "sqlite://"
    assert store.in_memory is in_memory and (not begun) is in_memory
    with pytest.raises(RuntimeError), store.begin() as conn:
        insert_segments(conn, [segment("lost", _T0 - 500, _T0 - 100, client_id="b", view_session_id="b:1")])
        raise RuntimeError("rolled back")
    assert summary() == 1 and (not begun) is in_memory
    add_segments(segment("two", _T0 - 500, _T0 - 100, client_id="b", view_session_id="aaaa0000:00000002"))
    assert summary() == 2 and begun


def test_aggregates_asked_again_follow_a_write_in_between(empty_app, add_segments):
    # Aggregates are kept per question while the store is unchanged; a write must replace them.
    client = empty_app.test_client()
    params = {"date_time_from": "2026-11-24T00:00:00Z", "date_time_to": "2026-11-24T23:00:00Z"}
    add_segments(segment("one", _T0 - 600, _T0 - 300, client_id="a", view_session_id="aaaa0000:00000001"))

    def answers() -> tuple[int, list[int], list[tuple[str, int]]]:
        summary = client.get(IBM + "/unique-devices/summary", params=params, headers=DEV).json()
        hours = client.get(IBM + "/total-views/hour", params={**params, "_limit": 24}, headers=DEV).json()
        places = client.get(IBM + "/total-views/location", params=params, headers=DEV).json()
        return (
            summary["data"][0]["attributes"]["value"],
            [item["attributes"]["value"] for item in hours["data"]],
            [(item["attributes"]["point"], item["attributes"]["value"]) for item in places["data"]],
        )

    first = answers()
    assert answers() == first
    assert first[0] == 1 and sum(first[1]) == 1 and sum(value for _, value in first[2]) == 1
    add_segments(segment("two", _T0 - 500, _T0 - 100, client_id="b", view_session_id="aaaa0000:00000002"))
    second = answers()
    assert second[0] == 2 and sum(second[1]) == 2 and sum(value for _, value in second[2]) == 2


def test_kept_segment_texts_are_left_out_of_garbage_collection(world):
    # Kept for every segment read, objects the collector tracks made each full collection pause
    # every request (45 ms on the medium world, once its texts were written).
    client = world.test_client()
    params = {"date_time_from": "2026-11-01T00:00:00Z", "date_time_to": "2026-11-24T00:00:00Z", "_limit": 50}
    views = client.get(IBM + "/views", params=params, headers=DEV).json()["data"]
    ids = [view["attributes"]["view_id"] for view in views]
    store = world.world.store
    with store.read() as conn:
        model = handlers.reads(store, lambda: conn)
        rank_of = {
            segment_id: rank
            for rank, segment_id in enumerate(model.segments.ids_of(range(len(model.segments.ids))))
        }
        kept = model.texts.of(lambda: conn, [rank_of[segment_id] for segment_id in ids], UTC)
    gc.collect()
    assert len(kept) == len(ids) == 50
    assert not any(gc.is_tracked(text) for text in kept)


@pytest.mark.parametrize("base", [1_767_225_600, -86_400], ids=["2026", "1969"])
def test_peaks_by_minute_count_a_handover_at_an_edge_once_and_a_microsecond_over_it(
    empty_app, add_segments, base
):
    # Content 1001 (two segments one after the other, the second ending 1 µs into minute 2)
    # and 1002 (one segment inside minute 1); 1003 plays only before the range. The same
    # before 1970, where instants are negative.
    add_segments(
        segment("first", base + 30, base + 60),
        segment("second", base + 60, base + 120.000001),
        segment("other", base + 70, base + 80, content_id=1002),
        segment("earlier", base - 600, base - 300, content_id=1003),
    )
    with empty_app.world.store.read() as conn:
        index = SegmentIndex(conn)
    steps = peak_steps(index)
    start, end = datetime.fromtimestamp(base, UTC), datetime.fromtimestamp(base + 180, UTC)
    now = base + 10 * 86_400
    fast = peak_table(index, start, end, UTC, "minute", now, steps=steps)
    every = np.arange(len(index.content_keys))
    candidates = candidates_in_range(index, base, base + 180)
    assert step_peaks(steps, index, fast.grid, base, base + 180, now, every, candidates) is not None
    minute = [datetime.fromtimestamp(base + 60 * m, UTC).isoformat() for m in range(3)]
    assert fast.page(0, 10) == [
        ("recorded", 1001, minute[0], 1),
        ("recorded", 1001, minute[1], 1),
        ("recorded", 1002, minute[1], 1),
        ("recorded", 1001, minute[2], 1),
    ]
    assert fast.page(0, 10) == peak_table(index, start, end, UTC, "minute", now).page(0, 10)
