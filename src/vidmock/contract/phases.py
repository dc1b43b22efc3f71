"""How each Schemathesis phase of a spec's run ended, as the run's hooks recorded it
(vidmock.contract.hooks.PhaseOutcomes): a phase reads `errored` when calls got no answer
(a refused connection, a timeout) or when every call it made with the run's credentials was
refused (401/403), whatever Schemathesis' checks made of the answers, never `passed`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

# Schemathesis' status of a phase -> the summary's.
_STATUS = {
    "success": "passed",
    "failure": "failed",
    "error": "errored",
    "interrupted": "errored",
    "skip": "skipped",
}
ORDER = ("examples", "coverage", "fuzzing", "stateful")


@dataclass
class PhaseOutcome:
    name: str  # examples, coverage, fuzzing, stateful
    status: str  # passed, failed, errored, skipped
    errors: int = 0  # calls that got no answer, or were refused for the credentials
    first: str = ""  # the first error, with the operation it hit

    @property
    def problem(self) -> str:
        """The first error, and how many more followed it."""
        more = f" (and {self.errors - 1} more)" if self.errors > 1 else ""
        return self.first + more


def read(path: Path, positive: dict[str, dict[str, list[int]]]) -> list[PhaseOutcome]:
    """The phases recorded in `path`, in the order they run; `positive` is, per phase and
    operation label, the statuses of the calls sent with the run's credentials and valid data."""
    recorded = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    found = []
    for name in ORDER:
        if name not in recorded:
            continue
        facts = recorded[name]
        outcome = PhaseOutcome(name, _STATUS.get(facts["status"], "errored"), facts["errors"], facts["first"])
        if outcome.errors:
            outcome.status = "errored"
        refused = rejected(positive.get(name, {}))
        if refused and len(refused) == len(positive[name]) and outcome.status != "errored":
            outcome.status = "errored"
            outcome.errors = len(refused)
            outcome.first = (
                "credentials rejected: every call made with the run's credentials answered 401/403 "
                f"({refused[0]})"
            )
        found.append(outcome)
    return found


def rejected(positive: dict[str, list[int]]) -> list[str]:
    """The operations whose every positive call answered 401 or 403: valid requests carrying the
    run's credentials, all refused. (Schemathesis' own warning also counts negative calls, which
    may leave the credentials out on purpose, so an operation whose positive cases a profile
    leaves out would be taken for one refusing the credentials.)"""
    return [
        label for label, statuses in positive.items() if statuses and all(s in (401, 403) for s in statuses)
    ]
