"""Where the OpenAPI documents live: inside the installed package, or beside the sources."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

_CANDIDATES = (
    Path(__file__).parent / "openapi",  # installed wheel
    Path(__file__).resolve().parents[2] / "openapi",  # source checkout (editable install)
)


@cache
def spec_dir() -> Path:
    for candidate in _CANDIDATES:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the openapi/ directory of vidmock was not found")


@cache
def load(name: str) -> dict:
    with (spec_dir() / name).open() as handle:
        return yaml.safe_load(handle)


def methods_by_path(name: str) -> dict[str, list[str]]:
    verbs = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
    return {path: [m for m in item if m in verbs] for path, item in load(name)["paths"].items()}
