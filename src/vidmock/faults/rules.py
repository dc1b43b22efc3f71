"""A fault rule: which requests it matches, and what it does to them.

The JSON form (the control API's `FaultRule`, a scenario's `faults:` entries):

    {"match": {"api": "apivideo", "method": "POST", "path": "/videos",
               "operationId": "POST-video", "header": {"name": "X-Test", "value": "1"},
               "query": {"name": "pageSize", "value": "25"}},
     "delay": {"fixed": "200ms"},            # optional, with or without an outcome
     "status": 429, "retryAfter": 5,         # or "drop": true, "malformed": true, "dribble": 200
     "probability": 0.5, "times": 2, "when": "before"}

`parse_rule` checks everything and raises RuleError with the JSON pointer of the first problem.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from vidmock.faults.delays import Delay, parse_delay
from vidmock.faults.problems import RuleError

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
OUTCOMES = ("status", "drop", "malformed", "dribble")
# Outcomes that reshape the handler's own answer: the handler must have run.
AFTER_ONLY = ("malformed", "dribble")
_MATCH_KEYS = ("api", "method", "path", "operationId", "header", "query")
_RULE_KEYS = ("match", "delay", *OUTCOMES, "retryAfter", "probability", "times", "when")
_READ_ONLY = ("id", "source", "fired", "remaining")


@dataclass(frozen=True)
class Match:
    api: str | None = None
    method: str | None = None
    path: str | None = None
    operation_id: str | None = None
    header: tuple[str, str] | None = None  # (lower-cased name, value)
    query: tuple[str, str] | None = None


@dataclass(frozen=True)
class FaultRule:
    """A checked rule; `spec` is its JSON form as given (what the control API lists)."""

    match: Match
    delay: Delay | None
    outcome: str | None  # one of OUTCOMES, or None for a delay alone
    status: int | None
    retry_after: int | None
    dribble: int | None  # bytes per second
    probability: float
    times: int | None
    when: str  # before | after
    spec: dict[str, Any]


def parse_rule(data: Any, apis: Collection[str]) -> FaultRule:
    """A FaultRule from its JSON form; `apis` are the keys of the mounted vendor APIs.

    Raises RuleError naming the member at fault (an unknown member, a bad value, two outcomes,
    a rule that does nothing)."""
    if not isinstance(data, Mapping):
        raise RuleError("", "a fault rule is a JSON object")
    for key in data:
        if key not in _RULE_KEYS and key not in _READ_ONLY:
            raise RuleError(f"/{key}", f"unknown member '{key}'; a rule has {', '.join(_RULE_KEYS)}")
    match = _match(data.get("match", {}), apis)
    delay = parse_delay(data["delay"], "/delay") if "delay" in data else None
    given = [k for k in OUTCOMES if k in data]
    if len(given) > 1:
        raise RuleError(f"/{given[1]}", f"a rule has one outcome: both '{given[0]}' and '{given[1]}' given")
    outcome = given[0] if given else None
    if outcome is None and delay is None:
        raise RuleError("", f"a rule needs an effect: delay, {', '.join(OUTCOMES)}")
    status = _status(data) if outcome == "status" else None
    if outcome in ("drop", "malformed") and data[outcome] is not True:
        raise RuleError(f"/{outcome}", f"'{outcome}' takes true")
    dribble = _integer(data, "dribble", 1, 100_000_000) if outcome == "dribble" else None
    retry_after = None
    if "retryAfter" in data:
        if status not in (429, 503):
            raise RuleError("/retryAfter", "retryAfter goes with status 429 or 503")
        retry_after = _integer(data, "retryAfter", 0, 86_400)
    when = data.get("when", "after" if outcome in AFTER_ONLY else "before")
    if when not in ("before", "after"):
        raise RuleError("/when", f"{when!r} is not before or after")
    if when == "before" and outcome in AFTER_ONLY:
        raise RuleError("/when", f"'{outcome}' reshapes the operation's own answer: it runs after")
    probability = data.get("probability", 1)
    if isinstance(probability, bool) or not isinstance(probability, int | float) or not 0 <= probability <= 1:
        raise RuleError("/probability", f"{probability!r} is not a number from 0 to 1")
    times = _integer(data, "times", 1, 1_000_000) if "times" in data else None
    spec = {k: data[k] for k in _RULE_KEYS if k in data}
    return FaultRule(
        match=match,
        delay=delay,
        outcome=outcome,
        status=status,
        retry_after=retry_after,
        dribble=dribble,
        probability=float(probability),
        times=times,
        when=when,
        spec=spec,
    )


def _match(data: Any, apis: Collection[str]) -> Match:
    if not isinstance(data, Mapping):
        raise RuleError("/match", "match is a JSON object")
    for key in data:
        if key not in _MATCH_KEYS:
            raise RuleError(f"/match/{key}", f"unknown member '{key}'; match has {', '.join(_MATCH_KEYS)}")
    api = data.get("api")
    if api is not None and api not in apis:
        raise RuleError("/match/api", f"unknown API {api!r}; served here: {', '.join(sorted(apis))}")
    method = data.get("method")
    if method is not None and (not isinstance(method, str) or method.upper() not in METHODS):
        raise RuleError("/match/method", f"{method!r} is not one of {', '.join(METHODS)}")
    path = data.get("path")
    if path is not None and (not isinstance(path, str) or not path.startswith("/")):
        raise RuleError("/match/path", f"{path!r} is not a path (it starts with /)")
    operation = data.get("operationId")
    if operation is not None and (not isinstance(operation, str) or not operation):
        raise RuleError("/match/operationId", "operationId is a non-empty string")
    header = _pair(data, "header")
    return Match(
        api=api,
        method=method.upper() if method else None,
        path=path,
        operation_id=operation,
        header=(header[0].lower(), header[1]) if header else None,
        query=_pair(data, "query"),
    )


def _pair(data: Mapping, key: str) -> tuple[str, str] | None:
    if key not in data:
        return None
    value = data[key]
    if not isinstance(value, Mapping) or set(value) != {"name", "value"}:
        raise RuleError(f"/match/{key}", f'{key} is {{"name": ..., "value": ...}}')
    for part in ("name", "value"):
        if not isinstance(value[part], str) or (part == "name" and not value[part]):
            raise RuleError(f"/match/{key}/{part}", f"{part} is a string")
    return value["name"], value["value"]


def _status(data: Mapping) -> int:
    status = data["status"]
    if isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 599:
        raise RuleError("/status", f"{status!r} is not an error status (400-599)")
    return status


def _integer(data: Mapping, key: str, low: int, high: int) -> int:
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise RuleError(f"/{key}", f"{value!r} is not a whole number from {low} to {high}")
    return value
