"""Tenants shared by every process serving one store (`--workers N` over a SQLite file,
replicas over one PostgreSQL database).

The tenants live in the store's table `vidmock_tenants` (name, location, options, when made and
last used); each tenant's world lives at its own location (vidmock.tenants.locations) with its
clock, fault rules, journal and facts kept there as a worker's are (vidmock.workers). A process
looks the name up on every request (one primary-key read): a tenant made, made again or dropped
through any process is what every other serves from its next request on. Making one takes the
store's write lock only to claim the name: the copy is made first, at a location nobody knows
yet, and freed if another process claimed the name meanwhile."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
    String,
    Table,
    delete,
    func,
    insert,
    select,
    update,
)

from vidmock.apis import all_apis
from vidmock.storage.store import Store, state_metadata
from vidmock.tenants import locations
from vidmock.tenants.registry import SWEEP_EVERY_S, Tenant, TenantLimit, Tenants
from vidmock.tenants.templates import Templates, TenantOptions
from vidmock.world import DEFAULT_TENANT, World

tenants_table = Table(
    "vidmock_tenants",
    state_metadata,
    Column("name", String(63), primary_key=True),
    Column("location", String(255), nullable=False),
    Column("options", JSON, nullable=False),
    Column("created_ms", BigInteger, nullable=False),  # Unix ms, wall clock
    Column("used_ms", BigInteger, nullable=False),
)


@dataclass
class _Opened:
    location: str
    tenant: Tenant
    touched: float  # monotonic: when this process last wrote `used_ms`


class SharedTenants(Tenants):
    """`Tenants` over the store `default_world` shares with other processes."""

    def __init__(
        self, default_world: World, templates: Templates, max_tenants: int, idle_seconds: float
    ) -> None:
        super().__init__(default_world, templates, max_tenants, idle_seconds)
        self._main: Store = default_world.store
        self._opened: dict[str, _Opened] = {}
        # How often a process records that a tenant is in use (a write to the shared store).
        self._touch_every = min(60.0, idle_seconds / 10)

    def world(self, name: str) -> World:
        if name == DEFAULT_TENANT:
            return self.default.world
        now = time.monotonic()
        if now - self._swept > SWEEP_EVERY_S:
            self.drop_idle(now)
        row = self._row(name)
        if row is None:
            return self.put(name, self.default.options, replace=False)[0].world
        return self._open(row, touch=True).tenant.world

    def put(self, name: str, options: TenantOptions, replace: bool = True) -> tuple[Tenant, bool]:
        with self._lock:
            row = self._row(name)
            if row is not None and not replace:
                return self._open(row, touch=True).tenant, False
            template = self.templates.template(options)
            location = locations.new_location(self._main)
            store = locations.made(self._main, location, template.store)
            world = self._tenant_world(name, options, store)
            world.faults.configure_like(template.faults, options.seed)
            world.facts_changed()
            now_ms = _now_ms()
            with self._main.begin() as conn:
                old = conn.execute(select(tenants_table).where(tenants_table.c.name == name)).first()
                if old is not None and not replace:
                    claimed = None  # another process made it meanwhile: serve theirs
                elif old is None and _count(conn) >= self.max_tenants:
                    claimed = "full"
                else:
                    claimed = "ours"
                    fields = {"location": location, "options": _stored(options), "used_ms": now_ms}
                    if old is None:
                        conn.execute(insert(tenants_table).values(name=name, created_ms=now_ms, **fields))
                    else:
                        conn.execute(
                            update(tenants_table).where(tenants_table.c.name == name).values(**fields)
                        )
            if claimed != "ours":
                self._free(world, location)
                if claimed == "full":
                    raise TenantLimit(self.limit_text())
                return self._open(old._mapping, touch=True).tenant, False  # type: ignore[union-attr]
            if old is not None:
                self._forget(name)
                locations.drop(self._main, old.location)
            tenant = Tenant(name, world, options, created=_time(now_ms), used_at=_time(now_ms))
            self._opened[name] = _Opened(location, tenant, time.monotonic())
        if self.on_made is not None:
            self.on_made(world)
        return tenant, old is None

    def get(self, name: str) -> Tenant | None:
        if name == DEFAULT_TENANT:
            return self.default
        row = self._row(name)
        return None if row is None else self._open(row, touch=False).tenant

    def drop(self, name: str) -> bool:
        with self._main.begin() as conn:
            row = conn.execute(select(tenants_table).where(tenants_table.c.name == name)).first()
            if row is not None:
                conn.execute(delete(tenants_table).where(tenants_table.c.name == name))
        if row is None:
            return False
        self._forget(name)
        locations.drop(self._main, row.location)
        return True

    def drop_idle(self, now: float) -> list[str]:
        self._swept = now
        # `now` is this process's monotonic clock; the table keeps the wall clock.
        cutoff = _now_ms() + round((now - time.monotonic() - self.idle_seconds) * 1000)
        with self._main.read() as conn:
            names = list(
                conn.execute(select(tenants_table.c.name).where(tenants_table.c.used_ms <= cutoff)).scalars()
            )
        return [name for name in names if self.drop(name)]

    def listing(self) -> list[Tenant]:
        with self._main.read() as conn:
            rows = [
                row._mapping for row in conn.execute(select(tenants_table).order_by(tenants_table.c.name))
            ]
        return [self.default, *(self._open(row, touch=False).tenant for row in rows)]

    def close(self) -> None:
        for name in list(self._opened):
            self._forget(name)
        self.templates.dispose()

    # --- this process's view ------------------------------------------------------------------

    def _row(self, name: str) -> Any:
        with self._main.read() as conn:
            row = conn.execute(select(tenants_table).where(tenants_table.c.name == name)).first()
        return None if row is None else row._mapping

    def _open(self, row: Any, touch: bool) -> _Opened:
        """This process's world of the tenant `row` describes, opened when it is not yet, or
        when the tenant was made again since."""
        name = row["name"]
        opened = self._opened.get(name)
        if opened is None or opened.location != row["location"]:
            if opened is not None:
                self._forget(name)
            options = _options(row["options"])
            world = self._tenant_world(name, options, locations.opened(self._main, row["location"]))
            world.sync()
            tenant = Tenant(
                name, world, options, created=_time(row["created_ms"]), used_at=_time(row["used_ms"])
            )
            opened = self._opened[name] = _Opened(row["location"], tenant, 0.0)
            if self.on_made is not None:
                self.on_made(world)
        else:
            opened.tenant.used_at = max(opened.tenant.used_at, _time(row["used_ms"]))
        if touch and time.monotonic() - opened.touched >= self._touch_every:
            opened.touched = time.monotonic()
            opened.tenant.touch()
            with self._main.begin() as conn:
                conn.execute(
                    update(tenants_table).where(tenants_table.c.name == name).values(used_ms=_now_ms())
                )
        return opened

    def _forget(self, name: str) -> None:
        opened = self._opened.pop(name, None)
        if opened is not None:
            self._dropped(opened.tenant)

    def _free(self, world: World, location: str) -> None:
        if world.shared is not None:
            world.shared.settings.close()
        world.store.dispose()
        locations.drop(self._main, location)

    def _tenant_world(self, name: str, options: TenantOptions, store: Store) -> World:
        base = self.default.world
        config = options.applied(base.config, db_url=store.url, joining=True)
        world = World.build_shared(config, base.redactor, all_apis(), store=store, tenant=name)
        world.prefixes = base.prefixes
        return world


def _count(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(tenants_table)).scalar_one()


def _stored(options: TenantOptions) -> dict[str, Any]:
    return options.described()


def _options(stored: dict[str, Any]) -> TenantOptions:
    now = stored["now"]
    return TenantOptions(
        stored["seed"],
        stored["size"],
        stored["scenario"],
        None if now is None else datetime.fromisoformat(now),
    )


def _now_ms() -> int:
    return int(time.time() * 1000)


def _time(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)
