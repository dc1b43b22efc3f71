"""A serving process's heap after start-up, kept out of the cyclic garbage collector's passes.

What start-up builds (the specs, their validators, the app, the seeded world's Python objects)
lives as long as the process. Left to the collector, every full pass walks all of it again,
a few times a second under load; frozen, a pass walks only what requests made since."""

from __future__ import annotations

import gc


def freeze_startup_heap() -> None:
    """Collect start-up's garbage once, then move everything alive to the permanent generation
    (`gc.freeze`). For a server process only: a test building many apps would keep them all."""
    gc.collect()
    gc.freeze()
