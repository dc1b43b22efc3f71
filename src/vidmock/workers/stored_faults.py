"""The fault rules and latency of a mock served by several workers, kept in the store.

A rule added through one worker fires on requests any worker answers; `times: N` counts the
firings of all workers together, and a probabilistic rule draws from one random stream (its
state is stored with it), so N workers fire a rule exactly as one would. Each change happens
in one locked transaction over the stored book. A request that no rule matches touches no
lock. Latency draws come from each worker's own stream (seeded alike): with `uniform` or
`lognormal` latency the sequence of delays differs from a single worker's."""

from __future__ import annotations

import itertools
import random
import threading
from collections.abc import Callable, Collection, Iterable
from typing import Any

from vidmock.faults.book import FaultBook, Firing, RequestFacts, _Active, _Configured, matches
from vidmock.faults.delays import Delay, parse_delay
from vidmock.faults.rules import FaultRule, parse_rule
from vidmock.workers.settings import Settings

KEY = "faults"


class StoredFaultBook(FaultBook):
    key = KEY

    def __init__(self, settings: Settings, seed: int, api_keys: Callable[[], Collection[str]]) -> None:
        super().__init__(seed)
        self._settings = settings
        self._api_keys = api_keys
        self.version = 0
        # Held for a whole change: configure() calls reset(), which must not lock again.
        self._changing = threading.RLock()
        self._depth = 0

    # --- changes, each over the stored book ------------------------------------------------

    def configure(
        self, rules: Iterable[tuple[str, FaultRule, str]], latency: Delay | None, seed: int
    ) -> None:
        self._change(lambda: FaultBook.configure(self, rules, latency, seed))

    def replace_configured(self, source: str, rules: Iterable[tuple[str, FaultRule]], seed: int) -> None:
        self._change(lambda: FaultBook.replace_configured(self, source, rules, seed))

    def reset(self, seed: int) -> None:
        self._change(lambda: FaultBook.reset(self, seed))

    def add(self, rule: FaultRule) -> dict[str, Any]:
        return self._change(lambda: FaultBook.add(self, rule))

    def remove(self, rule_id: str) -> bool:
        return self._change(lambda: FaultBook.remove(self, rule_id))

    def clear(self) -> None:
        self._change(lambda: FaultBook.clear(self))

    def set_latency(self, latency: Delay | None) -> None:
        self._change(lambda: FaultBook.set_latency(self, latency))

    def take(self, facts: RequestFacts) -> Firing | None:
        with self._lock:
            if not any(matches(active.rule, facts) for active in self._rules):
                return None
        return self._change(lambda: FaultBook.take(self, facts))

    # --- the stored form ---------------------------------------------------------------------

    def load(self, value: dict[str, Any]) -> None:
        """Take on a stored book (the form `_dump` writes)."""
        keys = self._api_keys()
        with self._lock:
            self._seed = value["seed"]
            self._ids = itertools.count(value["next_id"])
            self._rules = [
                _Active(
                    r["id"],
                    parse_rule(r["spec"], keys),
                    r["source"],
                    chance=_random(r["chance"]),
                    delays=_random(r["delays"]),
                    fired=r["fired"],
                )
                for r in value["rules"]
            ]
            configured = value["configured"]
            self._configured = _Configured(
                [(i, parse_rule(spec, keys), source) for i, spec, source in configured["rules"]],
                _delay(configured["latency"]),
            )
            self._set_latency(_delay(value["latency"]))

    def _dump(self) -> dict[str, Any]:
        with self._lock:
            next_id = next(self._ids)
            self._ids = itertools.count(next_id)
            return {
                "seed": self._seed,
                "next_id": next_id,
                "rules": [
                    {
                        "id": a.rule_id,
                        "spec": a.rule.spec,
                        "source": a.source,
                        "fired": a.fired,
                        "chance": a.chance.getstate(),
                        "delays": a.delays.getstate(),
                    }
                    for a in self._rules
                ],
                "configured": {
                    "rules": [[i, rule.spec, source] for i, rule, source in self._configured.rules],
                    "latency": self._configured.latency.spec if self._configured.latency else None,
                },
                "latency": self._latency.spec if self._latency else None,
            }

    def _change(self, change: Callable[[], Any]) -> Any:
        with self._changing:
            if self._depth:
                return change()
            self._depth += 1
            try:
                with self._settings.store.begin() as conn:
                    stored = self._settings.get(conn, KEY)
                    if stored is not None:
                        self.load(stored[1])
                    result = change()
                    self.version = self._settings.put(conn, KEY, self._dump())
                return result
            except BaseException:
                self.version = 0  # what memory holds was not stored: read the store again
                raise
            finally:
                self._depth -= 1


def _random(state: list) -> random.Random:
    rng = random.Random()
    version, internal, gauss = state
    rng.setstate((version, tuple(internal), gauss))
    return rng


def _delay(spec: dict[str, Any] | None) -> Delay | None:
    return None if spec is None else parse_delay(spec, "")
