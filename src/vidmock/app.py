"""The application factory: one Connexion AsyncApp serving every vendor and the admin API."""

from __future__ import annotations

import connexion
from connexion.exceptions import ProblemException
from connexion.middleware import MiddlewarePosition
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware

from vidmock.admin.guard import AdminGuard
from vidmock.apis import VendorApi, all_apis, find_api
from vidmock.config import Config
from vidmock.errors import VALIDATORS, ErrorRouter, allow_any_char_in_paths, problem_details
from vidmock.faults.connection import DroppableApp
from vidmock.faults.setup import add_controls
from vidmock.journal import JournalMiddleware
from vidmock.scenarios import load_into
from vidmock.seeding import seed_world
from vidmock.specs import load, methods_by_path, spec_dir
from vidmock.world import World, WorldMiddleware

ADMIN_PREFIX = "/__admin"


def mount_prefix(api: VendorApi, base_path: str, alone: bool) -> str:
    """`/<key>` + the vendor's base path; just the base path when one API is served alone."""
    return base_path if alone else f"/{api.key}{base_path}"


def create_app(config: Config | None = None) -> connexion.AsyncApp:
    """A fresh mock with its own store, clock and journal, seeded unless the store has data."""
    config = config or Config()
    # Importing the vendors first declares their tables, so the store creates them all.
    apis = [find_api(config.api)] if config.api else all_apis()
    world = World.build(config)
    alone = config.api is not None

    allow_any_char_in_paths()
    app = DroppableApp(__name__, specification_dir=spec_dir())
    errors = ErrorRouter()
    prefixes: list[tuple[str, str]] = []
    mounts: list[tuple[str, str, str]] = []
    options = {
        "strict_validation": True,
        "validate_responses": config.validate_responses,
        "validator_map": VALIDATORS,
    }
    for api in apis:
        for mount in api.mounts:
            prefix = mount_prefix(api, mount.base_path, alone)
            app.add_api(load(mount.spec), base_path=prefix, name=f"{api.key}:{mount.spec}", **options)
            errors.add(prefix, mount.render_error or api.render_error, methods_by_path(mount.spec))
            prefixes.append((prefix, api.key))
            mounts.append((prefix, api.key, mount.spec))
    app.add_api(load("admin.yaml"), base_path=ADMIN_PREFIX, name="admin", **options)
    errors.add(ADMIN_PREFIX, problem_details, methods_by_path("admin.yaml"))
    prefixes.append((ADMIN_PREFIX, "admin"))
    world.prefixes = tuple(sorted(prefixes, key=lambda p: -len(p[0])))

    for exc in (Exception, ProblemException, HTTPException, 404, 405):
        app.add_error_handler(exc, errors.handle)
    # Outermost first: the world is bound before anything else runs; the journal sees
    # every answer, preflights and 401s included.
    app.add_middleware(WorldMiddleware, position=MiddlewarePosition.BEFORE_EXCEPTION, world=world)
    app.add_middleware(
        JournalMiddleware,
        position=MiddlewarePosition.BEFORE_EXCEPTION,
        journal=world.journal,
        api_for_path=world.api_for_path,
        clock_iso=lambda: world.clock.now().isoformat(),
    )
    # Browser apps run on another origin; echo it (not `*`) so credentialed requests work too.
    app.add_middleware(
        CORSMiddleware,
        position=MiddlewarePosition.BEFORE_EXCEPTION,
        allow_origin_regex=".*",
        allow_credentials=True,
        allow_methods=["*"],
        allow_headers=["*"],
        expose_headers=["Allow", "Location", "Retry-After", "Preference-Applied"],
        max_age=600,
    )
    # Inside CORS so a refusal still carries the CORS headers a browser needs to read it.
    app.add_middleware(
        AdminGuard,
        position=MiddlewarePosition.BEFORE_EXCEPTION,
        prefix=ADMIN_PREFIX,
        token=config.admin_token,
    )
    add_controls(app, world, errors, mounts, ADMIN_PREFIX)

    if config.scenario:
        load_into(world, config.scenario)
    elif world.store.is_empty():
        seed_world(world)
    app.world = world
    return app
