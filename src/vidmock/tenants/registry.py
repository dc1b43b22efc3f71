"""The tenants of one mock: the default world and the others by name, bounded in number
(`Config.max_tenants`) and dropped after `Config.tenant_idle` seconds unused.

Idleness is measured on the wall clock of the server (monotonic), not on a tenant's own
clock, which a test may freeze or move years ahead."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextvars import ContextVar, Token
from dataclasses import dataclass, field
from datetime import UTC, datetime

from vidmock.tenants.templates import Templates, TenantOptions
from vidmock.world import DEFAULT_TENANT, World

# How often (monotonic seconds at most) a lookup looks for idle tenants to drop.
SWEEP_EVERY_S = 1.0

_current: ContextVar[Tenants] = ContextVar("vidmock_tenants")


class TenantLimit(Exception):
    """No room for another tenant: the registry holds `Config.max_tenants` of them."""


@dataclass
class Tenant:
    name: str
    world: World
    options: TenantOptions
    created: datetime = field(default_factory=lambda: datetime.now(UTC))
    used_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    used: float = field(default_factory=time.monotonic)

    def touch(self) -> None:
        self.used = time.monotonic()
        self.used_at = datetime.now(UTC)


class Tenants:
    """`default` is `default_world`; other tenants are made by `templates` on first use (the
    default's options) or by `put` (options of their own)."""

    def __init__(
        self,
        default_world: World,
        templates: Templates,
        max_tenants: int,
        idle_seconds: float,
    ) -> None:
        self.default = Tenant(DEFAULT_TENANT, default_world, TenantOptions.of(default_world.config))
        self.templates = templates
        self.max_tenants = max_tenants
        self.idle_seconds = idle_seconds
        self._tenants: dict[str, Tenant] = {}
        self._lock = threading.RLock()
        self._swept = time.monotonic()
        # Called with each world made and each dropped (its background work: vidmock.app).
        self.on_made: Callable[[World], None] | None = None
        self.on_dropped: Callable[[World], None] | None = None

    def world(self, name: str) -> World:
        """The world of tenant `name`, made on first use as the default world's options make
        it. TenantLimit: at the limit."""
        if name == DEFAULT_TENANT:
            return self.default.world
        now = time.monotonic()
        if now - self._swept > SWEEP_EVERY_S:
            self.drop_idle(now)
        found = self._tenants.get(name)
        if found is None:
            return self.put(name, self.default.options, replace=False)[0].world
        found.touch()
        return found.world

    def put(self, name: str, options: TenantOptions, replace: bool = True) -> tuple[Tenant, bool]:
        """Tenant `name` made from `options`, replacing the one of that name when `replace`
        (else the existing one is kept); and whether it is new. Errors as `world`, and those of
        `Templates.make` (an unknown or bad scenario)."""
        with self._lock:
            old = self._tenants.get(name)
            if old is not None and not replace:
                old.touch()
                return old, False
            if old is None and len(self._tenants) >= self.max_tenants:
                self.drop_idle(time.monotonic())
                if len(self._tenants) >= self.max_tenants:
                    raise TenantLimit(self.limit_text())
            tenant = Tenant(name, self.templates.make(name, options), options)
            if old is not None:
                self._dropped(old)
            self._tenants[name] = tenant
        if self.on_made is not None:
            self.on_made(tenant.world)
        return tenant, old is None

    def get(self, name: str) -> Tenant | None:
        if name == DEFAULT_TENANT:
            return self.default
        return self._tenants.get(name)

    def drop(self, name: str) -> bool:
        """Forget tenant `name` and free its world; False when there is none."""
        with self._lock:
            tenant = self._tenants.pop(name, None)
        if tenant is None:
            return False
        self._dropped(tenant)
        return True

    def drop_idle(self, now: float) -> list[str]:
        """Drop every tenant unused for `idle_seconds` at monotonic instant `now`."""
        with self._lock:
            self._swept = now
            # `used + idle` rather than `now - used`: the float difference of two monotonic
            # instants can come out a hair under the idle time a caller added to `used`.
            idle = [t for t in self._tenants.values() if now >= t.used + self.idle_seconds]
            for tenant in idle:
                del self._tenants[tenant.name]
        for tenant in idle:
            self._dropped(tenant)
        return [tenant.name for tenant in idle]

    def listing(self) -> list[Tenant]:
        """Every tenant, `default` first, then by name."""
        with self._lock:
            others = sorted(self._tenants.values(), key=lambda t: t.name)
        return [self.default, *others]

    def limit_text(self) -> str:
        return (
            f"this mock holds {self.max_tenants} tenants, its limit (--max-tenants {self.max_tenants}): "
            "drop one with DELETE /__admin/tenants/NAME, or wait until one has been unused for "
            f"{self.idle_seconds:g} s (--tenant-idle)"
        )

    def close(self) -> None:
        for tenant in self.listing()[1:]:
            self.drop(tenant.name)
        self.templates.dispose()

    def _dropped(self, tenant: Tenant) -> None:
        # Its store is not closed here: a request still under way may be reading it. The
        # database goes with the last reference to the world.
        if self.on_dropped is not None:
            self.on_dropped(tenant.world)


def current_tenants() -> Tenants:
    """The tenants of the app serving the current request."""
    return _current.get()


def bind_tenants(tenants: Tenants) -> Token[Tenants]:
    """Make `tenants` what `current_tenants()` answers in this context, until `unbind_tenants`."""
    return _current.set(tenants)


def unbind_tenants(token: Token[Tenants]) -> None:
    _current.reset(token)
