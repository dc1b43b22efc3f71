"""The one error every refused fault rule, latency or `--fault` text raises."""

from __future__ import annotations


class RuleError(ValueError):
    """A refused rule: `pointer` is the JSON pointer (RFC 6901) of the member at fault."""

    def __init__(self, pointer: str, problem: str) -> None:
        super().__init__(f"{pointer or '/'}: {problem}")
        self.pointer = pointer
        self.problem = problem
