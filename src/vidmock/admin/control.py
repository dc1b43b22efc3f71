"""What the control API's operations do, as plain functions of a `World`: the operations of
`openapi/admin.yaml` and the dashboard (`vidmock.dashboard`) both call these, so a form and its
HTTP twin always follow the same rules. Each raises `vidmock.http.errors.ApiError` (status, message,
the parameter or JSON pointer at fault) and changes nothing when it refuses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    ColumnElement,
    Float,
    Integer,
    String,
    Table,
    and_,
    case,
    cast,
    func,
    or_,
    select,
    true,
    type_coerce,
)

from vidmock.admin.wire_views import shaped
from vidmock.apis import all_apis
from vidmock.faults.delays import parse_delay
from vidmock.faults.problems import RuleError
from vidmock.faults.rules import parse_rule
from vidmock.http.errors import ApiError
from vidmock.reltime import parse_duration
from vidmock.scenarios import ScenarioError, load_into
from vidmock.storage.snapshot import SnapshotError, export_store, import_store
from vidmock.storage.store import count_rows
from vidmock.world import World

# Every seeder lays data out around the clock's now; far from today, dates would overflow.
CLOCK_RANGE = (datetime(2000, 1, 1, tzinfo=UTC), datetime(9000, 1, 1, tzinfo=UTC))
VIEWS = ("store", "api")


def clock(world: World) -> dict[str, Any]:
    """`{now: ISO 8601 with offset, frozen: bool}`."""
    return {"now": world.clock.now().isoformat(), "frozen": world.clock.frozen}


def counts(world: World) -> dict[str, dict[str, int]]:
    """`{api key: {collection: rows}}` for every vendor."""
    with world.store.begin() as conn:
        return {
            vendor.key: {name: count_rows(conn, table) for name, table in vendor.collections.items()}
            for vendor in all_apis()
        }


def seeded(world: World) -> dict[str, Any]:
    """What a reset, seed or scenario load answers: `{seed, size, scenario, counts}`."""
    return {"seed": world.seed, "size": world.size, "scenario": world.scenario, "counts": counts(world)}


def state(
    world: World,
    api: str | None = None,
    collection: str | None = None,
    limit: int = 100,
    offset: int = 0,
    view: str = "store",
    search: str | None = None,
) -> dict[str, Any]:
    """`{api: {collection: {total, items, view?}}}`. With `view="api"` each item is the record
    as the vendor's API returns it, with `view` naming what was shown (`api`, or `store` for a
    collection without an API shape of its own) and `urls`, the API path answering each item
    (null where no single operation does). `search`: only rows with a column whose text
    contains it (case-insensitive), `total` counting those. 404 naming `api` or `collection` when unknown."""
    apis = [a for a in all_apis() if api is None or a.key == api]
    if not apis:
        raise ApiError(404, f"No API '{api}'; known: {', '.join(a.key for a in all_apis())}", parameter="api")
    if collection is not None and not any(collection in a.collections for a in apis):
        raise ApiError(
            404, f"No collection '{collection}' in {', '.join(a.key for a in apis)}", parameter="collection"
        )
    answer: dict[str, Any] = {}
    with world.store.begin() as conn:
        for vendor in apis:
            for name, table in vendor.collections.items():
                if collection is not None and name != collection:
                    continue
                where = _containing(table, search, conn.dialect.name)
                total = conn.execute(select(func.count()).select_from(table).where(where)).scalar_one()
                rows = conn.execute(
                    select(table)
                    .where(where)
                    .order_by(*table.primary_key.columns)
                    .offset(offset)
                    .limit(limit)
                ).mappings()
                items = [dict(r) for r in rows]
                part: dict[str, Any] = {"total": total, "items": items}
                if view == "api":
                    part.update(shaped(world, conn, vendor.key, name, items))
                answer.setdefault(vendor.key, {})[name] = part
    return answer


def _containing(table: Table, search: str | None, dialect: str) -> ColumnElement:
    if not search:
        return true()
    # autoescape: `%` and `_` in the text are themselves, not LIKE's wildcards.
    if dialect == "sqlite":
        # SQLite's LIKE reads any value as text and ignores ASCII case, as its lower() does:
        # without a cast and lower() per column a search over a large collection takes a third
        # of the time.
        texts = [type_coerce(column, String) for column in table.columns]
        return or_(*(text.contains(search, autoescape=True) for text in texts))
    needle = search.lower()
    return or_(*(func.lower(_as_text(column)).contains(needle, autoescape=True) for column in table.columns))


def _as_text(column: ColumnElement) -> ColumnElement:
    """The column's values as SQLite writes them, on either backend."""
    # A boolean reads `1`/`0`; PostgreSQL's own text would be `true`/`false`.
    if isinstance(column.type, Boolean):
        return cast(cast(column, Integer), String)
    # A whole number of seconds reads `600.0`; PostgreSQL writes `600`. (SQLite switches to an
    # exponent from 1e15 on; both backends keep their own text past that.)
    if isinstance(column.type, Float):
        whole = cast(column, BigInteger)
        return case(
            (and_(func.abs(column) < 1e15, column == whole), cast(whole, String) + ".0"),
            else_=cast(column, String),
        )
    return cast(column, String)


def load_scenario(world: World, name: str) -> dict[str, Any]:
    """Replaces the world with scenario `name`; 404 (unknown) or 400 (refused), naming `name`."""
    try:
        load_into(world, name)
    except KeyError as exc:
        raise ApiError(404, str(exc.args[0]), parameter="name") from None
    except ScenarioError as exc:
        raise ApiError(400, f"scenario refused: {exc}", parameter="name") from None
    return seeded(world)


def set_clock(world: World, body: dict[str, Any]) -> dict[str, Any]:
    """`PUT /__admin/clock`: `now` (ISO 8601 with offset; freezes there), `advance` (a duration,
    `90s`, `2h`, `P1D`), `frozen`. Everything is checked before the clock moves; 400 naming
    `/now` or `/advance`, the clock unchanged."""
    clk = world.clock
    try:
        delta = parse_duration(body["advance"]) if "advance" in body else timedelta(0)
    except ValueError as exc:
        raise ApiError(400, str(exc), pointer="/advance") from None
    try:
        at = datetime.fromisoformat(body["now"].replace("Z", "+00:00")) if "now" in body else None
    except ValueError:
        raise ApiError(400, "now is no ISO 8601 date-time", pointer="/now") from None
    if at is not None and at.tzinfo is None:
        raise ApiError(400, "now needs an offset, e.g. 2026-11-24T12:00:00Z", pointer="/now")
    try:
        target = (at or clk.now()) + delta
        inside = CLOCK_RANGE[0] <= target < CLOCK_RANGE[1]
    except OverflowError:
        inside = False
    if not inside:
        raise ApiError(
            400,
            f"the clock stays between {CLOCK_RANGE[0]:%Y-%m-%d} and {CLOCK_RANGE[1]:%Y-%m-%d}",
            pointer="/advance" if "advance" in body else "/now",
        )
    frozen = body.get("frozen", clk.frozen if at is None else True)
    if at is not None or frozen:
        clk.freeze(at)
    if not frozen:
        clk.unfreeze()
    clk.advance(delta)
    return clock(world)


def export(world: World) -> dict[str, Any]:
    """The whole store as a snapshot (`vidmock.storage.snapshot`), with seed, size, scenario and clock."""
    with world.store.begin() as conn:
        return export_store(
            conn, seed=world.seed, size=world.size, scenario=world.scenario, clock=clock(world)
        )


def import_snapshot(world: World, body: Any) -> dict[str, Any]:
    """Replaces the store with a snapshot; `{counts}`. 400 with the JSON pointer at fault,
    the store unchanged (one transaction)."""
    if not isinstance(body, dict):
        raise ApiError(400, "snapshot refused: a snapshot is a JSON object", pointer="")
    try:
        with world.store.begin() as conn:
            imported = import_store(conn, body)
    except SnapshotError as exc:
        raise ApiError(400, f"snapshot refused: {exc.problem}", pointer=exc.pointer) from None
    if isinstance(body.get("seed"), int) and body.get("size") in ("small", "medium", "large"):
        world.seed, world.size = body["seed"], body["size"]
        world.facts_changed()
    return {"counts": imported}


def add_fault(world: World, body: Any) -> dict[str, Any]:
    """Adds a fault rule (`vidmock.faults.rules`); its listing. 400 with the pointer at fault."""
    try:
        rule = parse_rule(body, world.vendor_keys)
    except RuleError as exc:
        raise ApiError(400, f"fault rule refused: {exc.problem}", pointer=exc.pointer) from None
    return world.faults.add(rule)


def set_latency(world: World, delay: Any) -> dict[str, Any]:
    """Latency added to every vendor request (`vidmock.faults.delays`: `{"fixed": "200ms"}`, …),
    None to remove it; `{delay}`. 400 with the pointer at fault, latency unchanged."""
    try:
        latency = parse_delay(delay, "/delay") if delay is not None else None
    except RuleError as exc:
        raise ApiError(400, f"latency refused: {exc.problem}", pointer=exc.pointer) from None
    world.faults.set_latency(latency)
    return {"delay": latency.spec if latency else None}
