"""The process's heap: what start-up built kept out of the cyclic garbage collector's passes,
and freed memory handed back to the system.

What start-up builds (the specs, their validators, the app, the seeded world's Python objects)
lives as long as the process. Left to the collector, every full pass walks all of it again,
a few times a second under load; frozen, a pass walks only what requests made since."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc

# glibc's `malloc_trim`; None where the C library has none (musl, macOS).
_C_LIBRARY = ctypes.util.find_library("c")
_MALLOC_TRIM = getattr(ctypes.CDLL(_C_LIBRARY), "malloc_trim", None) if _C_LIBRARY else None


def freeze_startup_heap() -> None:
    """Move everything alive to the permanent generation (`gc.freeze`). For a process's one mock
    only (a server's, a test session's): a test building many apps would keep them all. No
    collection first: at that point it finds a few dozen objects (small world) to 1,400 (medium)
    and takes 50 ms of the start."""
    gc.freeze()


def return_free_memory() -> None:
    """Hand the heap's free pages back to the system (glibc's `malloc_trim`; nothing where there
    is none). A read model built from a million-row scan frees about as much as it keeps, in
    pieces the allocator would otherwise hold on to, resident, for the life of the process."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)
