"""Operations of `openapi/admin.yaml`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vidmock.admin import control
from vidmock.apis import all_apis
from vidmock.http.errors import ApiError
from vidmock.scenarios import list_scenarios, load_into
from vidmock.seeding import seed_world
from vidmock.world import World, current

# Every operation may also answer problem+json (a 403 to other hosts, at least), so each says
# which type its success has.
JSON = {"Content-Type": "application/json"}


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


async def tls_ca() -> tuple[bytes, int, dict]:
    """The local CA's certificate (PEM) when the mock serves HTTPS with it; else a 404."""
    path = current().config.tls_ca_file
    if path is None:
        raise ApiError(
            404,
            "This mock has no CA of its own: it serves no HTTPS, or serves the certificate given "
            "with --tls-cert (start it with --https-port alone to get one)",
        )
    return Path(path).read_bytes(), 200, {"Content-Type": "application/x-pem-file"}


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
    api: str | None = None,
    collection: str | None = None,
    limit: int = 100,
    offset: int = 0,
    view: str = "store",
    search: str | None = None,
) -> tuple[dict[str, Any], int, dict]:
    return control.state(current(), api, collection, limit, offset, view, search), 200, JSON


async def scenarios() -> tuple[dict[str, Any], int, dict]:
    listed = [{"name": s.name, "description": s.description} for s in list_scenarios()]
    return {"scenarios": listed}, 200, JSON


async def load_scenario(name: str) -> tuple[dict[str, Any], int, dict]:
    return control.load_scenario(current(), name), 200, JSON


async def get_clock() -> tuple[dict[str, Any], int, dict]:
    return _clock(current()), 200, JSON


async def put_clock(body: dict[str, Any]) -> tuple[dict[str, Any], int, dict]:
    return control.set_clock(current(), body), 200, JSON


async def export_state() -> tuple[dict[str, Any], int, dict]:
    return control.export(current()), 200, JSON


async def import_state(body: dict[str, Any]) -> tuple[dict[str, Any], int, dict]:
    return control.import_snapshot(current(), body), 200, JSON


def _clock(world: World) -> dict[str, Any]:
    return control.clock(world)


def _seeded(world: World) -> dict[str, Any]:
    return control.seeded(world)
