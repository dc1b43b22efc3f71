"""Puts the fault, latency and `Prefer` controls into an app being built."""

from __future__ import annotations

from collections.abc import Iterable

import connexion
from connexion.middleware import MiddlewarePosition

from vidmock.apis import find_api
from vidmock.faults.delays import parse_delay
from vidmock.faults.middleware import FaultMiddleware
from vidmock.faults.prefer import PreferMiddleware
from vidmock.faults.problems import RuleError
from vidmock.faults.routes import RouteTable
from vidmock.faults.rules import parse_rule
from vidmock.http.errors import ErrorRouter
from vidmock.world import World, current


def add_controls(
    app: connexion.AsyncApp,
    world: World,
    errors: ErrorRouter,
    mounts: Iterable[tuple[str, str, str]],
    admin_prefix: str,
) -> None:
    """Route table from the mounted specs ((prefix, api key, spec file) triples), the fault
    middleware after routing, the `Prefer` middleware after validation, and the configured
    rules and latency (`Config.faults`, `Config.latency`) installed as what a reset restores.

    Raises ValueError naming the rule and member when a configured rule is refused."""
    routes = RouteTable()
    for prefix, key, spec in mounts:
        api = find_api(key)
        mount = next(m for m in api.mounts if m.spec == spec)
        routes.add(prefix, key, spec, mount.forced_error or api.forced_error)
    app.add_middleware(
        FaultMiddleware,
        position=MiddlewarePosition.BEFORE_SECURITY,
        book=lambda: current().faults,
        routes=routes,
        admin_prefix=admin_prefix,
        render_error=errors.handle,
    )
    app.add_middleware(PreferMiddleware, position=MiddlewarePosition.BEFORE_CONTEXT, routes=routes)
    config = world.config
    rules = []
    for index, data in enumerate(config.faults, start=1):
        try:
            rules.append((f"cli-{index}", parse_rule(data, world.vendor_keys), "cli"))
        except RuleError as exc:
            raise ValueError(f"fault rule {index}: {exc}") from None
    try:
        latency = parse_delay(config.latency, "") if config.latency is not None else None
    except RuleError as exc:
        raise ValueError(f"latency: {exc}") from None
    if not config.joining:  # a joining worker takes the rules already in the shared store
        world.faults.configure(rules, latency, world.seed)
