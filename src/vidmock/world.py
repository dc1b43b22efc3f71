"""The running mock's state, reachable from any handler of the app that owns it.

Connexion resolves handlers as plain module functions, so the app's `World` is bound to
each request through a context variable instead of a global: two apps built in one process
(as tests do) never see each other's store or clock.
"""

from __future__ import annotations

import os
from contextvars import ContextVar
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Receive, Scope, Send

from vidmock.auth import Tokens
from vidmock.clock import Clock
from vidmock.config import Config, Size
from vidmock.faults.book import FaultBook
from vidmock.journal.redaction import Redactor, redactor_for
from vidmock.journal.store import Journal
from vidmock.storage import blobs  # noqa: F401 - its table joins the store's before the store creates them
from vidmock.storage.store import Store
from vidmock.vendor import VendorApi
from vidmock.workers.settings import Settings
from vidmock.workers.state import SharedState, WorldFacts
from vidmock.workers.stored_clock import StoredClock
from vidmock.workers.stored_faults import StoredFaultBook
from vidmock.workers.stored_journal import StoredJournal

_current: ContextVar[World] = ContextVar("vidmock_world")
DEFAULT_TENANT = "default"


@dataclass
class World:
    config: Config
    store: Store
    clock: Clock
    tokens: Tokens
    journal: Journal | StoredJournal
    # What the journal fingerprints (vidmock.journal.redaction).
    redactor: Redactor
    # What the store was last seeded with, so a reset rebuilds the same world.
    seed: int = 1
    size: Size = "small"
    # The scenario the store was last loaded from; None: the seeded world.
    scenario: str | None = None
    # Where each mounted API lives, longest prefix first: (prefix, api key).
    prefixes: tuple[tuple[str, str], ...] = ()
    # Fault rules and latency (vidmock.faults), restored by a reset.
    faults: FaultBook = field(default_factory=lambda: FaultBook(1))
    # With several workers: the clock, fault rules, journal and the facts above live in the
    # store, and this keeps them current (vidmock.workers); None for a single process.
    shared: SharedState | None = None
    # The tenant this world is (vidmock.tenants): `default` is the server's own world.
    tenant: str = DEFAULT_TENANT

    @classmethod
    def build(cls, config: Config, apis: list[VendorApi]) -> World:
        """The world of a mock of the vendor `apis` (`config.api` names the one it serves)."""
        redactor = redactor_for(apis, config)
        if config.workers > 1:
            return cls.build_shared(config, redactor, apis)
        clock = Clock(config.now)
        return cls(
            config=config,
            store=Store(config.db_url),
            clock=clock,
            tokens=Tokens(config.signing_key, config.dev_token, clock),
            journal=Journal(config.journal_size, config.journal_memory),
            redactor=redactor,
            seed=config.seed,
            size=config.size,
            scenario=config.scenario,
            faults=FaultBook(config.seed),
        )

    @classmethod
    def build_shared(
        cls,
        config: Config,
        redactor: Redactor,
        apis: list[VendorApi],
        store: Store | None = None,
        tenant: str = DEFAULT_TENANT,
    ) -> World:
        """The world over a store several processes share (`store`: a tenant's; else the
        store of `config.db_url`)."""
        store = store or Store(config.db_url)
        settings = Settings(store)
        clock = StoredClock(settings, config.now)
        keys = [api.key for api in apis if config.api in (None, api.key)]
        faults = StoredFaultBook(settings, config.seed, lambda: keys)
        world = cls(
            config=config,
            store=store,
            clock=clock,
            # Workers issue tokens side by side: the process id keeps their ids apart.
            tokens=Tokens(
                config.signing_key,
                config.dev_token,
                clock,
                serial_prefix=f"{os.getpid()}.",
                tenant=None if tenant == DEFAULT_TENANT else tenant,
            ),
            journal=StoredJournal(store, redactor, config.journal_size, config.journal_memory),
            redactor=redactor,
            seed=config.seed,
            size=config.size,
            scenario=config.scenario,
            faults=faults,
            tenant=tenant,
        )
        world.shared = SharedState(settings, [clock, faults], WorldFacts(settings, world))
        return world

    def sync(self) -> None:
        """Take on what other workers changed in the shared state (nothing to do alone)."""
        if self.shared is not None:
            self.shared.sync()

    def facts_changed(self) -> None:
        """Seed, size or scenario changed: tell the other workers (nothing to do alone)."""
        if self.shared is not None:
            self.shared.facts.publish()

    @property
    def url_prefix(self) -> str:
        """What the URLs this world writes start with below the host: `/t/NAME` for a tenant
        other than `default` (so a player following an asset URL stays in the tenant), else ``."""
        return "" if self.tenant == DEFAULT_TENANT else f"/t/{self.tenant}"

    @property
    def vendor_keys(self) -> list[str]:
        """The keys of the vendor APIs this mock serves (the control API is none of them)."""
        return sorted({key for _prefix, key in self.prefixes if key != "admin"})

    def api_for_path(self, path: str) -> str | None:
        prefix = self._prefix_of(path)
        return None if prefix is None else dict(self.prefixes)[prefix]

    def relative_path(self, path: str) -> str:
        """`path` below the base path of the API that serves it (`/ibm-analytics/v1/views` -> `/views`)."""
        prefix = self._prefix_of(path)
        if prefix is None:
            return path
        return path[len(prefix.rstrip("/")) :] or "/"

    def prefix_of_api(self, key: str) -> str:
        """Where the API `key` is mounted (its shortest prefix, e.g. `/apivideo`), no trailing slash."""
        return next(prefix for prefix, api in reversed(self.prefixes) if api == key).rstrip("/")

    def _prefix_of(self, path: str) -> str | None:
        for prefix, _key in self.prefixes:
            if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
                return prefix
        return None


def current() -> World:
    """The world of the app serving the current request."""
    return _current.get()


async def serve_in(world: World, app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
    """Run `app` on the request with `world` as `current()` (vidmock.tenants picks the world)."""
    token = _current.set(world)
    if scope["type"] == "http":
        world.sync()
    try:
        await app(scope, receive, send)
    finally:
        _current.reset(token)
