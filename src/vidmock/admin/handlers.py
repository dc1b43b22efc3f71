"""Operations of `openapi/admin.yaml`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from vidmock.apis import all_apis
from vidmock.errors import ApiError
from vidmock.reltime import parse_duration
from vidmock.scenarios import ScenarioError, list_scenarios, load_into
from vidmock.seeding import seed_world
from vidmock.snapshot import SnapshotError, export_store, import_store
from vidmock.store import count_rows
from vidmock.world import World, current

# Every operation may also answer problem+json (a 403 to other hosts, at least), so each says
# which type its success has.
JSON = {"Content-Type": "application/json"}
# Every seeder lays data out around the clock's now; far from today, dates would overflow.
CLOCK_RANGE = (datetime(2000, 1, 1, tzinfo=UTC), datetime(9000, 1, 1, tzinfo=UTC))


async def health() -> tuple[dict[str, Any], int, dict]:
    world = current()
    apis: dict[str, list[str]] = {}
    for prefix, key in world.prefixes:
        apis.setdefault(key, []).append(prefix)
    titles = {api.key: api.title for api in all_apis()} | {"admin": "vidmock control API"}
    answer = {
        "status": "ok",
        "apis": [
            {"key": key, "title": titles[key], "prefixes": sorted(prefixes)}
            for key, prefixes in sorted(apis.items())
        ],
        "seed": world.seed,
        "size": world.size,
        "scenario": world.scenario,
        "clock": _clock(world),
    }
    return answer, 200, JSON


async def reset() -> tuple[dict[str, Any], int, dict]:
    world = current()
    if world.scenario:
        load_into(world, world.scenario)
    else:
        seed_world(world)
    world.journal.clear()
    world.faults.reset(world.seed)
    return _seeded(world), 200, JSON


async def seed(body: dict[str, Any]) -> tuple[dict[str, Any], int, dict]:
    world = current()
    seed_world(world, body.get("seed"), body.get("size"))
    return _seeded(world), 200, JSON


async def state(
    api: str | None = None, collection: str | None = None, limit: int = 100, offset: int = 0
) -> tuple[dict[str, Any], int, dict]:
    world = current()
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
                total = count_rows(conn, table)
                rows = conn.execute(
                    select(table).order_by(*table.primary_key.columns).offset(offset).limit(limit)
                ).mappings()
                answer.setdefault(vendor.key, {})[name] = {"total": total, "items": [dict(r) for r in rows]}
    return answer, 200, JSON


async def scenarios() -> tuple[dict[str, Any], int, dict]:
    listed = [{"name": s.name, "description": s.description} for s in list_scenarios()]
    return {"scenarios": listed}, 200, JSON


async def load_scenario(name: str) -> tuple[dict[str, Any], int, dict]:
    world = current()
    try:
        load_into(world, name)
    except KeyError as exc:
        raise ApiError(404, str(exc.args[0]), parameter="name") from None
    except ScenarioError as exc:
        raise ApiError(400, f"scenario refused: {exc}", parameter="name") from None
    return _seeded(world), 200, JSON


async def get_clock() -> tuple[dict[str, Any], int, dict]:
    return _clock(current()), 200, JSON


async def put_clock(body: dict[str, Any]) -> tuple[dict[str, Any], int, dict]:
    clock = current().clock
    try:
        # Parse everything first: a bad duration must not leave the clock half changed.
        delta = parse_duration(body["advance"]) if "advance" in body else timedelta(0)
    except ValueError as exc:
        raise ApiError(400, str(exc), pointer="/advance") from None
    at = datetime.fromisoformat(body["now"].replace("Z", "+00:00")) if "now" in body else None
    if at is not None and at.tzinfo is None:
        raise ApiError(400, "now needs an offset, e.g. 2026-11-24T12:00:00Z", pointer="/now")
    try:
        target = (at or clock.now()) + delta
        inside = CLOCK_RANGE[0] <= target < CLOCK_RANGE[1]
    except OverflowError:
        inside = False
    if not inside:
        raise ApiError(
            400,
            f"the clock stays between {CLOCK_RANGE[0]:%Y-%m-%d} and {CLOCK_RANGE[1]:%Y-%m-%d}",
            pointer="/advance" if "advance" in body else "/now",
        )
    frozen = body.get("frozen", clock.frozen if at is None else True)
    if at is not None or frozen:
        clock.freeze(at)
    if not frozen:
        clock.unfreeze()
    clock.advance(delta)
    return _clock(current()), 200, JSON


async def export_state() -> tuple[dict[str, Any], int, dict]:
    world = current()
    with world.store.begin() as conn:
        snapshot = export_store(
            conn, seed=world.seed, size=world.size, scenario=world.scenario, clock=_clock(world)
        )
    return snapshot, 200, JSON


async def import_state(body: dict[str, Any]) -> tuple[dict[str, Any], int, dict]:
    world = current()
    try:
        with world.store.begin() as conn:
            counts = import_store(conn, body)
    except SnapshotError as exc:
        raise ApiError(400, f"snapshot refused: {exc.problem}", pointer=exc.pointer) from None
    if isinstance(body.get("seed"), int) and body.get("size") in ("small", "medium", "large"):
        world.seed, world.size = body["seed"], body["size"]
    return {"counts": counts}, 200, JSON


def _clock(world: World) -> dict[str, Any]:
    return {"now": world.clock.now().isoformat(), "frozen": world.clock.frozen}


def _seeded(world: World) -> dict[str, Any]:
    counts: dict[str, dict[str, int]] = {}
    with world.store.begin() as conn:
        for vendor in all_apis():
            counts[vendor.key] = {name: count_rows(conn, table) for name, table in vendor.collections.items()}
    return {"seed": world.seed, "size": world.size, "scenario": world.scenario, "counts": counts}
