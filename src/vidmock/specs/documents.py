"""Where the OpenAPI documents live: inside the installed package, or beside the sources."""

from __future__ import annotations

import copy
import hashlib
import pickle
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from vidmock.http.ecma_patterns import check_patterns
from vidmock.storage.cache import cache_root, write_at_once

_CANDIDATES = (
    Path(__file__).parents[1] / "openapi",  # installed wheel
    Path(__file__).resolve().parents[3] / "openapi",  # source checkout (editable install)
)


@cache
def spec_dir() -> Path:
    for candidate in _CANDIDATES:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the openapi/ directory of vidmock was not found")


@cache
def _parsed(name: str) -> dict:
    text = (spec_dir() / name).read_bytes()
    key = hashlib.sha256(text + yaml.__version__.encode()).hexdigest()[:16]
    kept = cache_root() / "specs" / f"{name}-{key}"
    try:
        spec = pickle.loads(kept.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError):
        # libyaml's loader when PyYAML has it; even so, parsing the eight specs takes a tenth
        # of a second, so the parsed form is kept in the cache folder for the next start.
        spec = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        write_at_once(kept, pickle.dumps(spec, protocol=pickle.HIGHEST_PROTOCOL))
        for older in kept.parent.glob(f"{name}-*"):  # what earlier versions of the spec left
            if older != kept:
                older.unlink(missing_ok=True)
    check_patterns(spec, name)
    return spec


def load(name: str) -> dict:
    """The spec as a fresh dict (parsed once per process; callers may change their copy)."""
    return copy.deepcopy(_parsed(name))


def shared(name: str) -> Mapping[str, Any]:
    """The spec as parsed once per process, shared with every reader: never changed. For a
    look at a few members, where `load`'s copy of the whole document would cost more."""
    return _parsed(name)


def methods_by_path(name: str) -> dict[str, list[str]]:
    verbs = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
    return {path: _methods(item, verbs) for path, item in _parsed(name)["paths"].items()}


def _methods(item: dict, verbs: set[str]) -> list[str]:
    """The methods a path answers: those its spec declares, and HEAD beside a GET that serves a
    file (`x-vidmock-served-file`), a read with no effect that RFC 9110 §9.3.2 has every GET
    resource answer."""
    methods = [m for m in item if m in verbs]
    if "head" not in methods and item.get("get", {}).get("x-vidmock-served-file"):
        methods.append("head")
    return methods


def operations_with(
    specs: Iterable[tuple[str, Mapping[str, Any]]], extension: str
) -> dict[tuple[str, str], Any]:
    """`{(base path, operationId): value}` of every operation of the (base path, spec) pairs
    whose spec sets `extension`: the pair Connexion's router puts in the request scope."""
    found = {}
    for base_path, spec in specs:
        for item in spec.get("paths", {}).values():
            for method in ("get", "put", "post", "delete", "patch", "head", "options", "trace"):
                operation = item.get(method)
                if operation and extension in operation:
                    found[(base_path, operation["operationId"])] = operation[extension]
    return found


def upload_operations(specs: Iterable[tuple[str, Mapping[str, Any]]]) -> set[tuple[str, str]]:
    """(base path, operationId) of each operation marked `x-vidmock-body-limit: upload` (the
    admin import of whole snapshots, which `vidmock.http.body_limit` holds to the upload limit),
    from (base path, spec) pairs; the same pair Connexion's router puts in the request scope."""
    marked = operations_with(specs, "x-vidmock-body-limit")
    return {key for key, value in marked.items() if value == "upload"}


def deref(spec: dict[str, Any], node: Any) -> Any:
    """`node`, or what its local `$ref` (`#/components/...`) points at, followed to the end."""
    for _ in range(20):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not (isinstance(ref, str) and ref.startswith("#/")):
            return node
        target: Any = spec
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node
