"""The application factory: one Connexion AsyncApp serving every vendor and the admin API."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import connexion
from connexion.exceptions import ProblemException
from connexion.middleware import MiddlewarePosition
from connexion.middleware.request_validation import RequestValidationMiddleware
from connexion.middleware.routing import RoutingMiddleware
from connexion.middleware.security import SecurityMiddleware
from connexion.middleware.swagger_ui import SwaggerUIMiddleware
from connexion.options import SwaggerUIOptions
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware

from vidmock.admin.guard import AdminGuard
from vidmock.apis import all_apis, find_api
from vidmock.apis.base_urls import mount_prefix
from vidmock.config import Config
from vidmock.dashboard.mount import DASHBOARD_SPEC, DashboardMount
from vidmock.fault_controls import add_controls
from vidmock.faults.connection import DroppableApp
from vidmock.http.body_limit import BodyLimitMiddleware
from vidmock.http.content_type import ContentTypeMiddleware
from vidmock.http.errors import ErrorRouter, allow_any_char_in_paths, problem_details
from vidmock.http.uri_parser import StyleAwareURIParser
from vidmock.http.validators import VALIDATORS
from vidmock.journal.capture import JournalMiddleware
from vidmock.scenarios import load_into
from vidmock.seeding import seed_world
from vidmock.specs.checked import checked_in_tests
from vidmock.specs.documents import load, methods_by_path, spec_dir, upload_operations
from vidmock.specs.examples import follow_clock
from vidmock.specs.handlers import resolver
from vidmock.specs.head_checks import HeadCheckMiddleware, head_checks
from vidmock.specs.json_as_text import JsonAsTextMiddleware, json_as_text_operations
from vidmock.specs.layers import DirectSecurity, PrefixRouting, ValidationOnce
from vidmock.specs.methods import DeclaredMethodsOnly
from vidmock.specs.operations import OnceDecoratedApi
from vidmock.specs.security import SECURITY_MAP
from vidmock.specs.swagger_ui import SwaggerUi
from vidmock.tenants import background
from vidmock.tenants.middleware import TenantMiddleware, TenantRefusal
from vidmock.tenants.registry import Tenants
from vidmock.tenants.shared import SharedTenants
from vidmock.tenants.templates import Templates
from vidmock.vendor import VendorApi
from vidmock.world import World, current

ADMIN_PREFIX = "/__admin"
# The dashboard's pages; not journaled (see vidmock.journal.capture).
DASHBOARD_PREFIX = ADMIN_PREFIX + "/ui"
ADMIN_DOCS = "/docs"


def _dashboard(prefix: str) -> Any:
    from vidmock.dashboard.app import create_dashboard

    return create_dashboard(prefix)


def _lifespan(tenants: Tenants, apis: list[VendorApi]):
    """The server's start-up and shut-down: each vendor's background work runs in between,
    for the default world and for each tenant while it lives."""

    @asynccontextmanager
    async def lifespan(_app) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            work = await stack.enter_async_context(background.Background(apis))
            work.start(tenants.default.world)
            for tenant in tenants.listing()[1:]:
                work.start(tenant.world)
            tenants.on_made, tenants.on_dropped = work.start, work.stop
            try:
                yield
            finally:
                tenants.on_made = tenants.on_dropped = None

    return lifespan


def create_app(config: Config | None = None) -> connexion.AsyncApp:
    """A fresh mock with its own store, clock and journal, seeded unless the store has data."""
    config = config or Config()
    # Importing the vendors first declares their tables, so the store creates them all.
    apis = [find_api(config.api)] if config.api else all_apis()
    world = World.build(config, all_apis())
    if config.joining:
        world.sync()  # the clock (the specs' examples follow it), fault rules and facts as stored
    alone = config.api is not None
    # Tenants live in this process's memory, unless other processes serve the same store.
    shared = config.workers > 1 or world.store.engine.dialect.name == "postgresql"
    tenants = (SharedTenants if shared else Tenants)(
        world, Templates(world), config.max_tenants, config.tenant_idle
    )

    allow_any_char_in_paths()
    app = DroppableApp(
        __name__, specification_dir=spec_dir(), lifespan=_lifespan(tenants, apis), security_map=SECURITY_MAP
    )
    # Handlers are wrapped in Connexion's decorators once, not on every request.
    app._middleware_app.api_cls = OnceDecoratedApi
    errors = ErrorRouter()
    prefixes: list[tuple[str, str]] = []
    specs: list[tuple[str, dict]] = []
    mounts: list[tuple[str, str, str]] = []
    options = {
        "strict_validation": True,
        "validate_responses": config.validate_responses,
        "validator_map": VALIDATORS,
        "uri_parser_class": StyleAwareURIParser,
    }
    with checked_in_tests():
        for api in apis:
            for mount in api.mounts:
                prefix = mount_prefix(api, mount.base_path, alone)
                spec = load(mount.spec)
                follow_clock(spec, world.clock.now())
                specs.append((prefix, spec))
                app.add_api(
                    spec, base_path=prefix, name=f"{api.key}:{mount.spec}", resolver=resolver(spec), **options
                )
                errors.add(prefix, mount.render_error or api.render_error, methods_by_path(mount.spec))
                prefixes.append((prefix, api.key))
                mounts.append((prefix, api.key, mount.spec))
        specs.append((ADMIN_PREFIX, load("admin.yaml")))
        # The control API's Swagger UI moves to /__admin/docs/: /__admin/ui is the dashboard.
        app.add_api(
            specs[-1][1],
            base_path=ADMIN_PREFIX,
            name="admin",
            swagger_ui_options=SwaggerUIOptions(swagger_ui_path=ADMIN_DOCS),
            resolver=resolver(specs[-1][1]),
            **options,
        )
    errors.add(ADMIN_PREFIX, problem_details, methods_by_path("admin.yaml"))
    errors.add(DASHBOARD_PREFIX, problem_details, methods_by_path(DASHBOARD_SPEC))
    prefixes.append((ADMIN_PREFIX, "admin"))
    world.prefixes = tuple(sorted(prefixes, key=lambda p: -len(p[0])))

    for exc in (Exception, ProblemException, HTTPException, 404, 405):
        app.add_error_handler(exc, errors.answer)
    # Outermost first: the tenant's world is bound before anything else runs; the journal
    # (the tenant's) sees every answer, preflights and 401s included.
    app.add_middleware(TenantMiddleware, position=MiddlewarePosition.BEFORE_EXCEPTION, tenants=tenants)
    app.add_middleware(
        JournalMiddleware,
        position=MiddlewarePosition.BEFORE_EXCEPTION,
        journal=lambda: current().journal,
        api_for_path=world.api_for_path,
        clock_iso=lambda: current().clock.now().isoformat(),
        redactor=world.redactor,
        body_limit=config.journal_body_limit,
        unrecorded=DASHBOARD_PREFIX,
    )
    # Inside the exception middleware, so their refusals are rendered in the vendor's shape.
    app.add_middleware(ContentTypeMiddleware, position=MiddlewarePosition.BEFORE_ROUTING)
    # After security, before anything reads the body, so that a client sending
    # `Expect: 100-continue` gets these refusals in place of `100 Continue` (RFC 9110 §10.1.1).
    app.add_middleware(
        HeadCheckMiddleware, position=MiddlewarePosition.BEFORE_VALIDATION, checks=head_checks(specs)
    )
    app.add_middleware(
        JsonAsTextMiddleware,
        position=MiddlewarePosition.BEFORE_VALIDATION,
        operations=json_as_text_operations(specs),
    )
    app.add_middleware(
        BodyLimitMiddleware,
        position=MiddlewarePosition.BEFORE_VALIDATION,
        max_body_bytes=config.max_body_bytes,
        max_upload_bytes=config.max_upload_bytes,
        uploads=upload_operations(specs),
    )
    # Browser apps run on another origin; echo it (not `*`) so credentialed requests work too.
    app.add_middleware(
        CORSMiddleware,
        position=MiddlewarePosition.BEFORE_EXCEPTION,
        allow_origin_regex=".*",
        allow_credentials=True,
        allow_methods=["*"],
        allow_headers=["*"],
        # Content-Range and Accept-Ranges: a player fetching api.video's MP4 asset by ranges;
        # ETag: an app revalidating a served file (Last-Modified is safelisted already).
        expose_headers=[
            "Allow",
            "Location",
            "Retry-After",
            "X-RateLimit-Limit",
            "X-RateLimit-Remaining",
            "X-RateLimit-Retry-After",
            "Preference-Applied",
            "Content-Range",
            "Accept-Ranges",
            "Content-Length",
            "ETag",
        ],
        max_age=600,
    )
    # Inside CORS so a refusal still carries the CORS headers a browser needs to read it.
    app.add_middleware(
        AdminGuard,
        position=MiddlewarePosition.BEFORE_EXCEPTION,
        prefix=ADMIN_PREFIX,
        token=config.admin_token,
    )
    # Inside CORS and the guard: a request naming no tenant it can have is refused here.
    app.add_middleware(TenantRefusal, position=MiddlewarePosition.BEFORE_EXCEPTION, errors=errors)
    # Inside the guard and outside the dashboard: a method no spec declares never runs.
    app.add_middleware(
        DeclaredMethodsOnly,
        position=MiddlewarePosition.BEFORE_EXCEPTION,
        errors=errors,
        every_method_under=(DASHBOARD_PREFIX,),
    )
    # Inside the guard: the dashboard answers whom the control API answers.
    app.add_middleware(
        DashboardMount,
        position=MiddlewarePosition.BEFORE_EXCEPTION,
        prefix=DASHBOARD_PREFIX,
        make_wsgi=functools.partial(_dashboard, ADMIN_PREFIX),
        max_body_bytes=config.max_upload_bytes,
    )
    add_controls(app, world, errors, mounts, ADMIN_PREFIX)
    # Connexion's own layers, doing the same work for less on each request; put in last, since
    # the positions given above name the stock ones.
    swapped = {
        SwaggerUIMiddleware: SwaggerUi,
        RoutingMiddleware: PrefixRouting,
        SecurityMiddleware: DirectSecurity,
        RequestValidationMiddleware: ValidationOnce,
    }
    app.middleware.middlewares = [swapped.get(layer, layer) for layer in app.middleware.middlewares]

    # A worker joins a store the process that started the workers filled once for all.
    if not config.joining:
        with world.store.startup():
            fresh = bool(config.scenario) or world.store.is_empty()
            if config.scenario:
                load_into(world, config.scenario)
            elif fresh:
                seed_world(world)
        if fresh and world.store.in_memory and config.size != "large":
            # Tenants are copies of this world as it starts (a large one is seeded again for
            # them on first use, rather than kept twice all along).
            tenants.templates.adopt(world)
        if world.shared is not None:
            world.facts_changed()
            world.journal.start_afresh()  # as a single process starts with an empty journal
    app.world = world
    app.tenants = tenants
    return app
