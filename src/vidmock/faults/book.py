"""The fault rules and latency of one running mock, and the seeded random streams they draw from.

Rules are consulted in the order they were added; the first that matches a request, and whose
probability draw says yes, fires. Each rule owns two random streams seeded from the world's seed
and the rule's JSON, one for its probability and one for its delay, so the same seed and the
same requests fire the same rules with the same delays on every run. A rule with `times: N`
retires after its Nth firing and leaves the list.
"""

from __future__ import annotations

import itertools
import json
import random
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from vidmock.faults.delays import Delay
from vidmock.faults.rules import FaultRule


@dataclass(frozen=True)
class RequestFacts:
    """What a rule can match on. `template` is the spec's path template, `path` the path
    actually asked, both relative to the API's base path; `headers` has lower-cased names."""

    api: str
    method: str
    template: str | None
    path: str
    operation_id: str | None
    headers: Mapping[str, str]
    query: Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class Firing:
    """A rule that fired on one request, and the delay it drew (seconds, 0 for none)."""

    rule_id: str
    rule: FaultRule
    delay: float


@dataclass
class _Active:
    rule_id: str
    rule: FaultRule
    source: str  # api | cli | scenario
    chance: random.Random
    delays: random.Random
    fired: int = 0

    def listing(self) -> dict[str, Any]:
        remaining = None if self.rule.times is None else self.rule.times - self.fired
        return {
            "id": self.rule_id,
            **self.rule.spec,
            "source": self.source,
            "fired": self.fired,
            "remaining": remaining,
        }


@dataclass
class _Configured:
    """What `reset` goes back to: the rules and latency the mock was started or loaded with."""

    rules: list[tuple[str, FaultRule, str]] = field(default_factory=list)
    latency: Delay | None = None


class FaultBook:
    def __init__(self, seed: int) -> None:
        self._lock = threading.Lock()
        self._seed = seed
        self._rules: list[_Active] = []
        self._ids = itertools.count(1)
        self._configured = _Configured()
        self._latency: Delay | None = None
        self._latency_rng = random.Random()

    @property
    def active(self) -> bool:
        """False when no rule and no latency is set: requests then pass untouched."""
        return bool(self._rules) or self._latency is not None

    # --- configuration -------------------------------------------------------------------

    def configure(
        self, rules: Iterable[tuple[str, FaultRule, str]], latency: Delay | None, seed: int
    ) -> None:
        """Set what `reset` restores ((id, rule, source) triples, the latency), and restore it."""
        self._configured = _Configured(list(rules), latency)
        self.reset(seed)

    def configure_like(self, other: FaultBook, seed: int, sources: Iterable[str] | None = None) -> None:
        """Configure what `other` is configured with (only the rules of `sources`, when given;
        its latency), and restore it: a tenant starts with the rules its template has."""
        kept = set(sources) if sources is not None else None
        rules = [r for r in other._configured.rules if kept is None or r[2] in kept]
        self.configure(rules, other._configured.latency, seed)

    def replace_configured(self, source: str, rules: Iterable[tuple[str, FaultRule]], seed: int) -> None:
        """Swap the configured rules of one source (a newly loaded scenario's), then reset."""
        kept = [r for r in self._configured.rules if r[2] != source]
        self.configure([*kept, *((i, r, source) for i, r in rules)], self._configured.latency, seed)

    def reset(self, seed: int) -> None:
        """Back to the configured rules and latency, counters and random streams restarted."""
        with self._lock:
            self._seed = seed
            self._rules = [self._activate(i, r, s) for i, r, s in self._configured.rules]
            self._set_latency(self._configured.latency)

    # --- rules -----------------------------------------------------------------------------

    def add(self, rule: FaultRule) -> dict[str, Any]:
        with self._lock:
            active = self._activate(f"f{next(self._ids)}", rule, "api")
            self._rules.append(active)
            return active.listing()

    def listing(self) -> list[dict[str, Any]]:
        with self._lock:
            return [r.listing() for r in self._rules]

    def get(self, rule_id: str) -> dict[str, Any] | None:
        with self._lock:
            return next((r.listing() for r in self._rules if r.rule_id == rule_id), None)

    def remove(self, rule_id: str) -> bool:
        with self._lock:
            before = len(self._rules)
            self._rules = [r for r in self._rules if r.rule_id != rule_id]
            return len(self._rules) < before

    def clear(self) -> None:
        with self._lock:
            self._rules = []

    def take(self, facts: RequestFacts) -> Firing | None:
        """The first rule that matches `facts` and fires; its counters move. Random streams are
        drawn from only for rules that match."""
        with self._lock:
            for active in self._rules:
                rule = active.rule
                if not matches(rule, facts):
                    continue
                if rule.probability < 1 and active.chance.random() >= rule.probability:
                    continue
                active.fired += 1
                if rule.times is not None and active.fired >= rule.times:
                    self._rules.remove(active)
                delay = rule.delay.sample(active.delays) if rule.delay else 0.0
                return Firing(active.rule_id, rule, delay)
        return None

    # --- latency ---------------------------------------------------------------------------

    @property
    def latency(self) -> Delay | None:
        return self._latency

    def set_latency(self, latency: Delay | None) -> None:
        with self._lock:
            self._set_latency(latency)

    def draw_latency(self) -> float:
        """Seconds to add to this request; 0 when no latency is set (and no draw is made)."""
        with self._lock:
            return 0.0 if self._latency is None else self._latency.sample(self._latency_rng)

    def _set_latency(self, latency: Delay | None) -> None:
        self._latency = latency
        spec = json.dumps(latency.spec if latency else None, sort_keys=True)
        self._latency_rng = random.Random(f"{self._seed}/latency/{spec}")

    def _activate(self, rule_id: str, rule: FaultRule, source: str) -> _Active:
        spec = json.dumps(rule.spec, sort_keys=True)
        return _Active(
            rule_id,
            rule,
            source,
            chance=random.Random(f"{self._seed}/fault/{spec}/probability"),
            delays=random.Random(f"{self._seed}/fault/{spec}/delay"),
        )


def matches(rule: FaultRule, facts: RequestFacts) -> bool:
    """Whether every condition of the rule's match holds for the request."""
    match = rule.match
    if match.api is not None and match.api != facts.api:
        return False
    if match.method is not None and match.method != facts.method:
        return False
    if match.path is not None and match.path not in (facts.template, facts.path):
        return False
    if match.operation_id is not None and match.operation_id != facts.operation_id:
        return False
    if match.header is not None and facts.headers.get(match.header[0]) != match.header[1]:
        return False
    return match.query is None or match.query[1] in facts.query.get(match.query[0], ())
