"""The process's heap: what start-up built kept out of the cyclic garbage collector's passes,
and freed memory handed back to the system.

What start-up builds (the specs, their validators, the app, the seeded world's Python objects)
lives as long as the process. Left to the collector, every full pass walks all of it again,
a few times a second under load; frozen, a pass walks only what requests made since.

While start-up makes it (some 180,000 objects, almost none dropped), the collector's passes free
nothing and cost about 0.1 s of a 0.7 s `vidmock serve` start (small world): a process that
starts a mock pauses the collector first (`pause_collector_for_startup`) and turns it on again
when it freezes what start-up made, or, for a command that starts none, before it runs."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

# glibc's `malloc_trim`; None where the C library has none (musl, macOS).
_C_LIBRARY = ctypes.util.find_library("c")
_MALLOC_TRIM = getattr(ctypes.CDLL(_C_LIBRARY), "malloc_trim", None) if _C_LIBRARY else None


def pause_collector_for_startup() -> None:
    """Pause the collector until `freeze_startup_heap` or `resume_collector`."""
    gc.disable()


def resume_collector() -> None:
    gc.enable()


def freeze_startup_heap() -> None:
    """Move everything alive to the permanent generation (`gc.freeze`), and turn the collector
    on (`pause_collector_for_startup` paused it). For a process's one mock only
    (a server's, a test session's): a test building many apps would keep them all.

    No collection first: it would be a full pass over everything start-up made (80-100 ms) to
    free what start-up dropped in reference cycles, about 2,200 objects and under 1 MB, which
    are frozen with the rest instead."""
    gc.freeze()
    gc.enable()


def return_free_memory() -> None:
    """Hand the heap's free pages back to the system (glibc's `malloc_trim`; nothing where there
    is none). A read model built from a million-row scan frees about as much as it keeps, in
    pieces the allocator would otherwise hold on to, resident, for the life of the process."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


class FrozenOnceStarted:
    """An ASGI app that freezes the heap again (`gc.freeze`) once `app` has started: when its
    lifespan startup completes, or else when its first request is answered. Connexion builds its
    middleware stack (routes, operations, validators: about 8,000 objects) on its first call,
    after `serve` froze what start-up made; left unfrozen, every full pass under load walked
    them again (4-7 ms a pass, against 2.5-3 ms). Like `freeze_startup_heap`, for a process's
    one mock only."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._frozen = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._frozen:
            await self.app(scope, receive, send)
        elif scope["type"] == "lifespan":

            async def sending(message: Message) -> None:
                if message["type"] == "lifespan.startup.complete":
                    self._freeze()
                await send(message)

            await self.app(scope, receive, sending)
        else:
            await self.app(scope, receive, send)
            self._freeze()

    def _freeze(self) -> None:
        if not self._frozen:
            self._frozen = True
            gc.freeze()
