"""Option callbacks the commands share: each turns a flag's text into its value, or a
`click.BadParameter` naming what was expected."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from vidmock.apis import all_apis, find_api
from vidmock.contract.runner import PHASES
from vidmock.faults.compact import parse_compact_delay, parse_compact_fault
from vidmock.faults.delays import parse_delay
from vidmock.faults.problems import RuleError
from vidmock.faults.rules import parse_rule
from vidmock.reltime import parse_duration
from vidmock.scenarios import find_scenario


def parse_instant(_ctx, _param, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not an ISO 8601 date-time") from None
    if parsed.tzinfo is None:
        raise click.BadParameter(f"'{value}' needs an offset, e.g. {value}Z")
    return parsed


def parse_phases(_ctx, _param, value: str) -> tuple[str, ...]:
    chosen = tuple(p.strip() for p in value.split(",") if p.strip())
    unknown = [p for p in chosen if p not in PHASES]
    if unknown or not chosen:
        raise click.BadParameter(f"choose from {', '.join(PHASES)}")
    return chosen


def check_api_key(_ctx, _param, value: str | None) -> str | None:
    if value is not None:
        try:
            find_api(value)
        except KeyError as exc:
            raise click.BadParameter(str(exc.args[0])) from None
    return value


def check_scenario(_ctx, _param, value: str | None) -> str | None:
    if value is not None:
        try:
            find_scenario(value)
        except KeyError as exc:
            raise click.BadParameter(str(exc.args[0])) from None
    return value


def parse_faults(_ctx, _param, values: tuple[str, ...]) -> tuple[dict[str, Any], ...]:
    rules = []
    keys = [api.key for api in all_apis()]
    for text in values:
        try:
            rule = parse_compact_fault(text)
            parse_rule(rule, keys)
        except RuleError as exc:
            where = f" ({exc.pointer})" if exc.pointer else ""
            raise click.BadParameter(f"'{text}'{where}: {exc.problem}") from None
        rules.append(rule)
    return tuple(rules)


def parse_latency(_ctx, _param, value: str | None) -> dict[str, Any] | None:
    if value is None:
        return None
    delay = parse_compact_delay(value)
    try:
        parse_delay(delay, "")
    except RuleError as exc:
        raise click.BadParameter(f"'{value}': {exc.problem} (e.g. 100ms or 50-300ms)") from None
    return delay


def parse_idle(_ctx, _param, value: str) -> float:
    """A duration such as 30m or 1h (units s, m, h, d, w), in seconds; more than none."""
    try:
        seconds = parse_duration(value).total_seconds()
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    if seconds <= 0:
        raise click.BadParameter(f"'{value}' is no time at all: give a duration such as 30m or 1h")
    return seconds
