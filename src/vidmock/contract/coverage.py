"""What a contract run exercised, per API: which operations got at least one answer, and which
of the statuses each operation documents were answered at least once; the rest never reached.
A green run that never reached an operation, or never saw its 404, proves nothing about it.

Counted are the calls Schemathesis made (the run's hooks record each answer), not the probes
sent before it. A documented `4XX` is reached by any 4xx, `default` by any status the operation
documents no other way."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vidmock.contract.runner import Result, SpecRun


@dataclass
class OperationCoverage:
    label: str  # `GET /videos/{videoId}`
    spec: str
    documented: list[str]  # the response keys of the spec: "200", "4XX", "default"
    answered: list[int] = field(default_factory=list)  # every status the run got, in order

    @property
    def reached(self) -> list[str]:
        return [key for key in self.documented if any(self._matches(key, s) for s in self.answered)]

    @property
    def never_reached(self) -> list[str]:
        return [key for key in self.documented if key not in self.reached]

    @property
    def undocumented(self) -> list[int]:
        """Statuses answered that no key documents (a failure of the run's checks)."""
        keys = [key for key in self.documented if key != "default"]
        if "default" in self.documented:
            return []
        return sorted({s for s in self.answered if not any(self._matches(key, s) for key in keys)})

    def _matches(self, key: str, status: int) -> bool:
        if key == "default":
            others = [k for k in self.documented if k != "default"]
            return not any(self._matches(k, status) for k in others)
        if key.upper().endswith("XX"):
            return str(status)[0] == key[0]
        return key == str(status)


def of_run(run: SpecRun) -> list[OperationCoverage]:
    return [
        OperationCoverage(label, run.spec, keys, run.answered.get(label, []))
        for label, keys in run.documented.items()
    ]


def by_api(result: Result) -> dict[str, list[OperationCoverage]]:
    found: dict[str, list[OperationCoverage]] = {}
    for run in result.runs:
        found.setdefault(run.api, []).extend(of_run(run))
    return found


def line(api: str, operations: list[OperationCoverage]) -> str:
    """`api coverage: 3/4 operations reached, 7/15 documented statuses; never reached: ...`."""
    reached = [op for op in operations if op.answered]
    statuses = sum(len(op.documented) for op in operations)
    answered = sum(len(op.reached) for op in operations)
    text = (
        f"{api} coverage: {len(reached)}/{len(operations)} operations reached, "
        f"{answered}/{statuses} documented statuses"
    )
    missing = [
        op.label if not op.answered else f"{op.label} ({', '.join(op.never_reached)})"
        for op in operations
        if op.never_reached
    ]
    return text + (f"; never reached: {'; '.join(missing)}" if missing else "")


def report(result: Result) -> dict[str, Any]:
    """The `--report coverage` document:

    {"failed": bool, "apis": {api: {"operations": {"total", "reached"}, "statuses": {"total",
    "reached"}, "never_reached": [operation label...], "by_operation": {label: {"spec", "calls",
    "documented", "reached", "never_reached", "undocumented"}}}}}"""
    apis = {}
    for api, operations in by_api(result).items():
        apis[api] = {
            "operations": {"total": len(operations), "reached": sum(bool(op.answered) for op in operations)},
            "statuses": {
                "total": sum(len(op.documented) for op in operations),
                "reached": sum(len(op.reached) for op in operations),
            },
            "never_reached": [op.label for op in operations if not op.answered],
            "by_operation": {
                op.label: {
                    "spec": op.spec,
                    "calls": len(op.answered),
                    "documented": op.documented,
                    "reached": op.reached,
                    "never_reached": op.never_reached,
                    "undocumented": op.undocumented,
                }
                for op in operations
            },
        }
    return {"failed": result.failed, "apis": apis}


def write(path: Path, result: Result) -> None:
    path.write_text(json.dumps(report(result), indent=2) + "\n", encoding="utf-8")
