"""Durations such as `200ms`, `1.5s` or `PT0.2S`, and the delay distributions built from them.

A delay is one of (JSON): `{"fixed": "200ms"}`, `{"uniform": ["50ms", "300ms"]}` or
`{"lognormal": {"median": "100ms", "sigma": 0.5}}`. Every draw comes from a random stream the
caller owns, so the same seed gives the same delays in the same order.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

from vidmock.faults.problems import RuleError
from vidmock.reltime import parse_duration

# Longer than any client timeout worth testing; a longer one is a typo.
MAX_SECONDS = 600.0


def parse_seconds(text: Any, pointer: str) -> float:
    """`"200ms"` -> 0.2, `"2s"` or `"PT2S"` -> 2.0 (`vidmock.reltime`'s grammar). Raises
    RuleError naming `pointer` for anything else (a negative, more than 600 s)."""
    try:
        seconds = parse_duration(text).total_seconds() if isinstance(text, str) else -1.0
    except ValueError as exc:
        raise RuleError(pointer, str(exc)) from None
    if seconds < 0 or text.strip().startswith("-"):
        raise RuleError(pointer, f"{text!r} is not a length of time, such as 200ms, 1.5s or PT0.2S")
    if seconds > MAX_SECONDS:
        raise RuleError(pointer, f"{text!r} is longer than {MAX_SECONDS:.0f}s")
    return seconds


@dataclass(frozen=True)
class Delay:
    """A distribution of delays in seconds; `spec` is the JSON it was read from."""

    kind: str  # fixed | uniform | lognormal
    low: float  # fixed: the delay; uniform: the lower bound; lognormal: the median
    high: float  # uniform: the upper bound; lognormal: sigma
    spec: dict[str, Any]

    def sample(self, rng: random.Random) -> float:
        if self.kind == "fixed":
            return self.low
        if self.kind == "uniform":
            return rng.uniform(self.low, self.high)
        return min(MAX_SECONDS, rng.lognormvariate(math.log(self.low), self.high))

    @property
    def minimum(self) -> float:
        """The least this delay can be (a lognormal has no floor but zero)."""
        return 0.0 if self.kind == "lognormal" else self.low


def parse_delay(value: Any, pointer: str) -> Delay:
    """A Delay from its JSON form; RuleError names the member at fault."""
    if not isinstance(value, dict) or len(value) != 1:
        raise RuleError(pointer, 'a delay is one of {"fixed": D}, {"uniform": [D, D]}, {"lognormal": {...}}')
    ((kind, arg),) = value.items()
    where = f"{pointer}/{kind}"
    if kind == "fixed":
        seconds = parse_seconds(arg, where)
        return Delay("fixed", seconds, seconds, {"fixed": arg})
    if kind == "uniform":
        if not isinstance(arg, list) or len(arg) != 2:
            raise RuleError(where, 'a uniform delay is two durations, e.g. ["50ms", "300ms"]')
        low, high = parse_seconds(arg[0], f"{where}/0"), parse_seconds(arg[1], f"{where}/1")
        if high < low:
            raise RuleError(f"{where}/1", f"the upper bound {arg[1]!r} is below the lower bound {arg[0]!r}")
        return Delay("uniform", low, high, {"uniform": list(arg)})
    if kind == "lognormal":
        if not isinstance(arg, dict) or set(arg) != {"median", "sigma"}:
            raise RuleError(where, 'a lognormal delay is {"median": "100ms", "sigma": 0.5}')
        median = parse_seconds(arg["median"], f"{where}/median")
        sigma = arg["sigma"]
        if isinstance(sigma, bool) or not isinstance(sigma, int | float) or not 0 <= sigma <= 5:
            raise RuleError(f"{where}/sigma", f"{sigma!r} is not a number from 0 to 5")
        if median <= 0:
            raise RuleError(f"{where}/median", "the median of a lognormal delay must be above zero")
        return Delay("lognormal", median, float(sigma), {"lognormal": dict(arg)})
    raise RuleError(where, f"unknown delay '{kind}'; use fixed, uniform or lognormal")
