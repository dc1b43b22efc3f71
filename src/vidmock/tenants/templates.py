"""Tenant worlds, each copied from a seeded template.

A template is a world seeded (or loaded from a scenario) once per set of options, in memory,
and never written afterwards; a tenant gets a private in-memory copy of its store (SQLite's
backup API: vidmock.storage.copies) and a clock, journal, fault book and tokens of its own.
The same options give the same template, so a tenant answers byte for byte what a fresh
default world of those options answers. The templates used last are kept (`KEEP`)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from vidmock.auth import Tokens
from vidmock.clock import Clock
from vidmock.config import Config, Size
from vidmock.faults.book import FaultBook
from vidmock.journal.store import Journal
from vidmock.scenarios import load_into
from vidmock.seeding import seed_world
from vidmock.storage.copies import memory_copy
from vidmock.storage.store import Store
from vidmock.world import World

# How many templates (sets of options) are kept; a medium one weighs about 30 MB.
KEEP = 4
# A tenant's journal weighs at most this share of `Config.journal_memory` (4 MiB of 64): a
# thousand busy tenants must not hold a thousand full journals.
TENANT_JOURNAL_SHARE = 16


@dataclass(frozen=True)
class TenantOptions:
    """What a tenant's world is built from (`PUT /__admin/tenants/NAME`): the seed and size of
    the seeded world or a scenario, and a frozen clock's instant (None: the wall clock)."""

    seed: int
    size: Size
    scenario: str | None
    now: datetime | None

    @classmethod
    def of(cls, config: Config) -> TenantOptions:
        """The options of the server's default world."""
        return cls(config.seed, config.size, config.scenario, config.now)

    def applied(self, config: Config, **changes: Any) -> Config:
        """`config` (the server's) with these options and `changes` in place."""
        return replace(
            config, seed=self.seed, size=self.size, scenario=self.scenario, now=self.now, **changes
        )

    def described(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "size": self.size,
            "scenario": self.scenario,
            "now": None if self.now is None else self.now.isoformat(),
        }


class Templates:
    """Makes tenant worlds for the server whose default world is `base` (its configuration,
    mounts, journal redaction and command-line fault rules are every tenant's)."""

    def __init__(self, base: World, keep: int = KEEP) -> None:
        self._base = base
        self._keep = keep
        self._worlds: OrderedDict[TenantOptions, World] = OrderedDict()
        self._lock = threading.Lock()

    def make(self, name: str, options: TenantOptions) -> World:
        """A new world for tenant `name`. KeyError: no such scenario; ScenarioError: a bad one."""
        template = self.template(options)
        config = template.config
        clock = Clock(config.now)
        faults = FaultBook(template.seed)
        faults.configure_like(template.faults, template.seed)
        return World(
            config=config,
            store=memory_copy(template.store),
            clock=clock,
            tokens=Tokens(config.signing_key, config.dev_token, clock, tenant=name),
            journal=Journal(config.journal_size, config.journal_memory // TENANT_JOURNAL_SHARE),
            redactor=template.redactor,
            seed=template.seed,
            size=template.size,
            scenario=template.scenario,
            prefixes=template.prefixes,
            faults=faults,
            tenant=name,
        )

    def template(self, options: TenantOptions) -> World:
        """The template world of `options`, seeded on first use (about 0.5 s small, 2 s medium)."""
        with self._lock:
            found = self._worlds.get(options)
            if found is not None:
                self._worlds.move_to_end(options)
                return found
            built = self._build(options)
            self._worlds[options] = built
            while len(self._worlds) > self._keep:
                _options, dropped = self._worlds.popitem(last=False)
                dropped.store.dispose()
            return built

    def adopt(self, world: World) -> None:
        """Keep a copy of `world`, just seeded or loaded from its options, as their template:
        the server's first tenant then costs a copy, not a second seeding."""
        options = TenantOptions.of(world.config)
        template = self._template_world(options, memory_copy(world.store))
        template.faults.configure_like(world.faults, options.seed)
        with self._lock:
            self._worlds[options] = template

    def _build(self, options: TenantOptions) -> World:
        world = self._template_world(options, Store())
        world.faults.configure_like(self._base.faults, options.seed, sources=("cli",))
        try:
            if options.scenario:
                load_into(world, options.scenario)
            else:
                seed_world(world)
        except BaseException:
            world.store.dispose()
            raise
        return world

    def _template_world(self, options: TenantOptions, store: Store) -> World:
        base = self._base
        config = options.applied(base.config, db_url="sqlite://", workers=1, joining=False)
        clock = Clock(options.now)
        return World(
            config=config,
            store=store,
            clock=clock,
            tokens=Tokens(config.signing_key, config.dev_token, clock),
            journal=Journal(1, 1),
            redactor=base.redactor,
            seed=options.seed,
            size=options.size,
            scenario=options.scenario,
            prefixes=base.prefixes,
            faults=FaultBook(options.seed),
        )

    def dispose(self) -> None:
        with self._lock:
            for world in self._worlds.values():
                world.store.dispose()
            self._worlds.clear()
