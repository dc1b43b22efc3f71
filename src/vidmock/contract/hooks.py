"""Schemathesis hooks for one contract run (loaded through SCHEMATHESIS_HOOKS): the vendor's
contract knowledge applied to positive cases, and to negative ones that only look invalid; the
status of every call, one `METHOD /path<TAB>mode<TAB>phase<TAB>status` line each; and how each
phase ended with its first error (see vidmock.contract.phases), for the run to judge."""

from __future__ import annotations

import json
import os
import threading
from typing import Any

import schemathesis
from schemathesis.cli.commands.run.handlers import EventHandler
from schemathesis.engine import events

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
PHASES: str | None = _RUN.get("phases")
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
    sent = getattr(response.request, "method", None) or case.method
    # Schemathesis' unsupported-method check sends other methods to the operation's path: their
    # 405s are no answer of this operation.
    if STATUSES is None or sent.upper() != case.operation.method.upper():
        return
    with _WRITING, open(STATUSES, "a", encoding="utf-8") as out:
        mode = "positive" if _positive(case) else "negative"
        phase = case.meta.phase.name.value if case.meta else ""
        out.write(f"{case.operation.label}\t{mode}\t{phase}\t{response.status_code}\n")


@schemathesis.cli.handler()
class PhaseOutcomes(EventHandler):
    """Writes `{phase: {"status", "errors", "first"}}` to the run's phases file when the run
    ends: Schemathesis' own status of each phase run (success, failure, error, skip,
    interrupted), how many errors (no answer, a timeout, a refused connection) it met, and the
    first of them with the operation it hit."""

    def __init__(self, *_args: Any, **_params: Any) -> None:
        self.phases: dict[str, dict[str, Any]] = {}
        self.current: str | None = None
        self.told = False  # whether the scenario running has had its error event

    def _error(self, phase: str, text: str) -> None:
        facts = self._phase(phase)
        facts["errors"] += 1
        facts["first"] = facts["first"] or text

    def _phase(self, name: str) -> dict[str, Any]:
        return self.phases.setdefault(name, {"status": "success", "errors": 0, "first": ""})

    def handle_event(self, ctx: Any, event: Any) -> None:
        if isinstance(event, events.PhaseStarted):
            self.current = event.phase.name.value
        elif isinstance(event, events.PhaseFinished) and event.phase.is_enabled:
            self._phase(event.phase.name.value)["status"] = event.status.value
        elif isinstance(event, events.ScenarioStarted):
            self.told = False
        elif isinstance(event, events.NonFatalError):
            self.told = True
            phase = event.phase.value if event.phase else self.current or ""
            self._error(phase, f"{event.info.title}: {event.info.message} ({event.label})")
        elif isinstance(event, events.ScenarioFinished) and event.status.value == "error" and not self.told:
            # The stateful phase ends a scenario whose call got no answer without an error event.
            unanswered = [
                (case_id, interaction)
                for case_id, interaction in event.recorder.interactions.items()
                if interaction.response is None
            ]
            if unanswered:
                case_id, interaction = unanswered[0]
                node = event.recorder.cases.get(case_id)
                label = node.value.operation.label if node is not None else interaction.request.method
                self._error(event.phase.value, f"Network Error: no answer ({label})")
            else:
                self._error(event.phase.value, f"Error in {event.recorder.label}")
        elif isinstance(event, events.FatalError):
            self._phase(self.current or "")["status"] = "error"
            self._error(self.current or "", f"{type(event.exception).__name__}: {event.exception}")
        elif isinstance(event, events.Interrupted):
            self._phase(event.phase.value if event.phase else self.current or "")["status"] = "interrupted"

    def shutdown(self, ctx: Any) -> None:
        if PHASES is not None:
            with open(PHASES, "w", encoding="utf-8") as out:
                json.dump(self.phases, out)
