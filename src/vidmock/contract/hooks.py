"""Schemathesis hooks for one contract run (loaded through SCHEMATHESIS_HOOKS): the vendor's
contract knowledge applied to positive cases, and to negative ones that only look invalid; and
the status of every call, one `METHOD /path<TAB>status` line each, for the run to judge."""

from __future__ import annotations

import json
import os
import threading
from typing import Any

import schemathesis

from vidmock.contract.profiles import profile
from vidmock.contract.wire_text import is_text_on_the_wire


def _no_local_constants() -> None:
    """Hypothesis mixes string and number literals from the modules loaded here (vidmock's own,
    through the profiles) into what it generates, so a seeded run would change with any edit of
    vidmock's code. Without them the spec and the seed alone decide what a run sends."""
    from hypothesis.internal.conjecture import providers
    from hypothesis.internal.constants_ast import Constants
    from hypothesis.internal.floats import float_to_int
    from sortedcontainers import SortedSet

    empty = Constants(
        integers=SortedSet(), floats=SortedSet(key=float_to_int), bytes=SortedSet(), strings=SortedSet()
    )
    providers._get_local_constants = lambda: empty
    providers.CONSTANTS_CACHE.cache.clear()


_no_local_constants()
_RUN = json.loads(os.environ.get("VIDMOCK_CONTRACT", "{}"))
PROFILE = profile(_RUN["api"]) if _RUN else None
FACTS: dict[str, str] = _RUN.get("facts", {})
STATUSES: str | None = _RUN.get("statuses")
_WRITING = threading.Lock()  # Schemathesis' workers are threads


def _positive(case: Any) -> bool:
    return bool(case.meta) and case.meta.generation.mode == schemathesis.GenerationMode.POSITIVE


@schemathesis.hook
def filter_case(context: Any, case: Any) -> bool:
    if PROFILE is None:
        return True
    if _positive(case):
        return PROFILE.accept(case)
    return not is_text_on_the_wire(case)


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    if PROFILE is not None and _positive(case):
        PROFILE.prepare(case, FACTS)


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    if STATUSES is None:
        return
    with _WRITING, open(STATUSES, "a", encoding="utf-8") as out:
        mode = "positive" if _positive(case) else "negative"
        out.write(f"{case.operation.label}\t{mode}\t{response.status_code}\n")
