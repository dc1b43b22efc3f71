"""The fault rules a scenario declares (`faults:`), checked before anything is loaded."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from vidmock.faults.problems import RuleError
from vidmock.faults.rules import FaultRule, parse_rule


def scenario_faults(
    chain: list[tuple[Path, dict]], apis: Collection[str], error: type[ValueError]
) -> list[tuple[str, FaultRule]]:
    """(id, rule) for every `faults:` entry of the scenario and its includes, includes first;
    ids are `<file stem>-<n>`. Raises `error(file, path, problem)` for the first bad rule."""
    rules: list[tuple[str, FaultRule]] = []
    for path, document in chain:
        for index, data in enumerate(document.get("faults", []), start=1):
            try:
                rules.append((f"{path.stem}-{index}", parse_rule(data, apis)))
            except RuleError as exc:
                raise error(path.name, f"/faults/{index - 1}{exc.pointer}", exc.problem) from None
    return rules
