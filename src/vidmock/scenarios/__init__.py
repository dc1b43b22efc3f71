"""Scenarios: worlds described in YAML files, loaded instead of the default seeded world.

A scenario names records per vendor and table (the column names `/__admin/state` shows).
Omitted fields are filled by the vendor's `scenario.complete`, from a random stream derived
from the scenario's seed, so a scenario always loads the same world. Times may be relative
to the clock (`now`, `-2d`, `-90m`). A scenario is checked completely and loaded in one
transaction: a bad file names the file, the path in the document and the problem, and the
store is left as it was.
"""

from __future__ import annotations

import json
import os
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema
import yaml
from sqlalchemy import BigInteger, Connection, Integer, String, Table, select
from sqlalchemy.exc import IntegrityError

from vidmock.apis import all_apis
from vidmock.http.ecma_patterns import EcmaDraft202012Validator
from vidmock.reltime import resolve_time
from vidmock.scenarios.faults import scenario_faults
from vidmock.scenarios.vendors import vendor_support
from vidmock.storage.snapshot import type_problem
from vidmock.storage.store import count_rows, resync_ids

if TYPE_CHECKING:
    from faker import Faker

_HERE = Path(__file__).parent
_DIRECTORIES = (
    _HERE.parent / "fixtures" / "scenarios",  # installed wheel
    _HERE.resolve().parents[2] / "fixtures" / "scenarios",  # source checkout
)
# Columns that hold instants: given as `now`, `-2d`, `+1h` or ISO 8601, stored in the column's unit.
_TIME_COLUMN = re.compile(r"(_at|_on|_date)$|^time_")
ENV_DIRECTORY = "VIDMOCK_SCENARIOS"


class ScenarioError(ValueError):
    def __init__(self, file: str, path: str, problem: str) -> None:
        super().__init__(f"{file}: {path or '/'}: {problem}")
        self.file, self.path, self.problem = file, path or "/", problem


@dataclass(frozen=True)
class ScenarioInfo:
    name: str
    description: str
    path: Path


@dataclass
class ScenarioContext:
    """What a vendor's `complete` gets: its random streams, the clock's now, and the records
    built so far (so a default can point at an existing parent)."""

    rng: random.Random
    faker: Faker
    now: datetime
    built: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def now_ms(self) -> int:
        return int(self.now.timestamp() * 1000)

    @property
    def now_s(self) -> int:
        return int(self.now.timestamp())

    def pick(self, table: str, where: Callable[[dict[str, Any]], bool] = lambda r: True) -> dict[str, Any]:
        """A record of `table` built so far; an empty dict when there is none."""
        rows = [r for r in self.built.get(table, []) if where(r)]
        return self.rng.choice(rows) if rows else {}

    def find(self, table: str, **match: Any) -> dict[str, Any]:
        for row in self.built.get(table, []):
            if all(row.get(k) == v for k, v in match.items()):
                return row
        return {}


def directories() -> list[Path]:
    """Where scenarios are looked up: `$VIDMOCK_SCENARIOS` (colon-separated) first, then the library."""
    extra = [Path(p) for p in os.environ.get(ENV_DIRECTORY, "").split(os.pathsep) if p]
    return [d for d in (*extra, *_DIRECTORIES) if d.is_dir()]


def list_scenarios() -> list[ScenarioInfo]:
    found: dict[str, ScenarioInfo] = {}
    for directory in directories():
        for path in sorted(directory.glob("*.yaml")):
            if path.stem in found:
                continue
            try:
                document = _read(path)
                description = str(document.get("description", "")).strip()
            except ScenarioError as exc:
                description = f"(unreadable: {exc.problem})"
            found[path.stem] = ScenarioInfo(path.stem, description, path)
    return sorted(found.values(), key=lambda s: s.name)


def find_scenario(name: str) -> Path:
    for directory in directories():
        path = directory / f"{name}.yaml"
        if path.is_file():
            return path
    known = ", ".join(s.name for s in list_scenarios())
    raise KeyError(f"no scenario '{name}' (known: {known})")


@cache
def schema() -> dict[str, Any]:
    return json.loads((_HERE / "schema.json").read_text())


def check_document(document: Any, file: str) -> dict[str, Any]:
    """The document when it follows the scenario JSON Schema, else a ScenarioError."""
    validator = EcmaDraft202012Validator(schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is not None:
        path = "".join(f"/{p}" for p in error.absolute_path)
        raise ScenarioError(file, path, error.message)
    return document


def _read(path: Path) -> dict[str, Any]:
    try:
        document = yaml.safe_load(path.read_text())
    except yaml.YAMLError as exc:
        raise ScenarioError(path.name, "", f"not valid YAML: {exc}") from None
    document = check_document(document, path.name)
    if document["name"] != path.stem:
        raise ScenarioError(
            path.name, "/name", f"'{document['name']}' must match the file name '{path.stem}'"
        )
    return document


def _chain(path: Path, seen: tuple[str, ...] = ()) -> Iterator[tuple[Path, dict[str, Any]]]:
    """The scenario's includes (depth first, each once), then the scenario itself."""
    document = _read(path)
    for index, name in enumerate(document.get("include", [])):
        if name in (*seen, path.stem):
            raise ScenarioError(path.name, f"/include/{index}", f"'{name}' includes itself")
        try:
            included = find_scenario(name)
        except KeyError as exc:
            raise ScenarioError(path.name, f"/include/{index}", str(exc.args[0])) from None
        yield from _chain(included, (*seen, path.stem))
    yield path, document


def load_scenario(conn: Connection, path: Path, now: datetime, clear: Callable[[Connection], None]) -> dict:
    """Replace the store's contents with the scenario's, in the caller's transaction.

    Returns the rows now in each vendor's collections."""
    loaded: set[str] = set()
    documents = []
    for file, document in _chain(path):
        if file.stem not in loaded:
            loaded.add(file.stem)
            documents.append((file, document))
    clear(conn)
    apis = {api.key: api for api in all_apis()}
    built: dict[str, dict[str, list[tuple[dict[str, Any], str, str]]]] = {}
    contexts: dict[str, ScenarioContext] = {}
    for file, document in documents:
        for vendor_key in apis:
            if vendor_key not in document:
                continue
            support = vendor_support(vendor_key)
            rng = random.Random(f"{document.get('seed', 1)}/{vendor_key}/{file.stem}")
            from faker import Faker

            faker = Faker("en_US")
            faker.seed_instance(rng.getrandbits(64))
            shared = contexts.setdefault(vendor_key, ScenarioContext(rng, faker, now))
            context = ScenarioContext(rng, faker, now, shared.built)
            vendor_rows = built.setdefault(vendor_key, {})
            # Parents first, whatever order the file lists them in.
            for table_name, table in support.TABLES.items():
                items = document[vendor_key].get(table_name)
                if items is None:
                    continue
                for record, where in _records(items, f"/{vendor_key}/{table_name}"):
                    row = _build(table, record, table_name, support, context, file.name, where)
                    context.built.setdefault(table_name, []).append(row)
                    vendor_rows.setdefault(table_name, []).append((row, file.name, where))
    for vendor_key, tables in built.items():
        support = vendor_support(vendor_key)
        for table_name, table in support.TABLES.items():
            entries = tables.get(table_name, [])
            _check_unique(table, entries)
            rows = [row for row, _f, _w in entries]
            if not rows:
                continue
            try:
                insert = getattr(support, "insert", None)
                if insert is not None:
                    insert(conn, table_name, rows)
                else:
                    conn.execute(table.insert(), rows)
            except IntegrityError as exc:
                _file, where = entries[0][1], f"/{vendor_key}/{table_name}"
                raise ScenarioError(_file, where, f"records break a constraint: {exc.orig}") from None
        _check_references(conn, vendor_key, support, tables)
    counts: dict[str, dict[str, int]] = {}
    for api in all_apis():
        counts[api.key] = {name: count_rows(conn, table) for name, table in api.collections.items()}
    return counts


def _records(items: list[Any], base: str) -> Iterator[tuple[dict[str, Any], str]]:
    for index, item in enumerate(items):
        if "count" in item:
            for _ in range(item["count"]):
                yield dict(item.get("with", {})), f"{base}/{index}/with"
        else:
            yield dict(item), f"{base}/{index}"


def _build(
    table: Table,
    record: dict[str, Any],
    table_name: str,
    support,
    ctx: ScenarioContext,
    file: str,
    where: str,
) -> dict[str, Any]:
    columns = table.columns
    for name in record:
        if name not in columns:
            raise ScenarioError(
                file, f"{where}/{name}", f"unknown field; {table_name} has {', '.join(columns.keys())}"
            )
    for name, value in list(record.items()):
        if _TIME_COLUMN.search(name) and isinstance(value, str):
            try:
                record[name] = _stored_time(columns[name], resolve_time(value, ctx.now))
            except ValueError as exc:
                raise ScenarioError(file, f"{where}/{name}", f"bad time: {exc}") from None
    given = set(record)
    try:
        row = support.complete(table_name, record, ctx)
    except ScenarioError:
        raise
    except ValueError as exc:
        # A vendor refuses a value the way its API would refuse it ("vtt: not a WebVTT file").
        raise ScenarioError(file, where, str(exc)) from None
    for column in columns:
        if column.name not in row:
            if not column.nullable:
                raise ScenarioError(file, where, f"missing field '{column.name}' (it has no default)")
            row[column.name] = None
    for name, value in row.items():
        problem = type_problem(columns[name], value)
        if problem:
            # A default never has the wrong type; the field was given.
            raise ScenarioError(file, f"{where}/{name}" if name in given else where, problem)
    return row


def _stored_time(column, instant: datetime) -> int | str:
    if isinstance(column.type, BigInteger):
        return int(instant.timestamp() * 1000)
    if isinstance(column.type, Integer):
        return int(instant.timestamp())
    if isinstance(column.type, String):
        instant = instant.astimezone(UTC)
        return f"{instant:%Y-%m-%dT%H:%M:%S}.{instant.microsecond // 1000:03d}Z"
    raise ValueError(f"column {column.name} does not hold times")


def _check_unique(table: Table, entries: list[tuple[dict[str, Any], str, str]]) -> None:
    keys = [c.name for c in table.primary_key.columns]
    seen: dict[tuple, str] = {}
    for row, file, where in entries:
        key = tuple(row[k] for k in keys)
        if key in seen:
            raise ScenarioError(file, where, f"{'/'.join(keys)} {key!r} is already used at {seen[key]}")
        seen[key] = where


def _check_references(conn: Connection, vendor_key: str, support, tables: dict) -> None:
    for table_name, columns, target_name, target_columns in getattr(support, "REFERENCES", ()):
        target = support.TABLES[target_name]
        existing = {tuple(r) for r in conn.execute(select(*(target.c[c] for c in target_columns)))}
        for row, file, where in tables.get(table_name, []):
            key = tuple(row[c] for c in columns)
            if any(v is None for v in key):
                continue
            if key not in existing:
                shown = ", ".join(f"{c}={v!r}" for c, v in zip(columns, key, strict=True))
                raise ScenarioError(
                    file,
                    f"{where}/{columns[-1]}",
                    f"bad reference: no {vendor_key} {target_name} with {shown}",
                )


def load_into(world, name: str) -> dict[str, dict[str, int]]:
    """Replace the world's store with scenario `name` (KeyError: no such scenario;
    ScenarioError: a bad file, and the store is as before)."""
    path = find_scenario(name)
    chain: dict[str, tuple[Path, dict[str, Any]]] = {}
    for file, document in _chain(path):
        chain.setdefault(file.stem, (file, document))
    # Checked before the store changes, so a bad rule leaves the world as it was.
    faults = scenario_faults(list(chain.values()), world.vendor_keys, ScenarioError)
    with world.store.begin() as conn:
        counts = load_scenario(conn, path, world.clock.now(), world.store.clear)
        resync_ids(conn)
    world.scenario = name
    world.faults.replace_configured("scenario", faults, world.seed)
    world.facts_changed()
    return counts
