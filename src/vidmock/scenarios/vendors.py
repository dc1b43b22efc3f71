"""Each vendor's scenario support: `apis/<package>/scenario.py`, looked up by API key."""

from __future__ import annotations

import importlib
from types import ModuleType

_MODULES = {
    "ibm-analytics": "vidmock.apis.ibm_analytics.scenario",
    "apivideo": "vidmock.apis.apivideo.scenario",
    "jtv": "vidmock.apis.jtv.scenario",
    "nomad": "vidmock.apis.nomad.scenario",
    "syngrafii": "vidmock.apis.syngrafii.scenario",
}


def vendor_support(key: str) -> ModuleType:
    """The module with `TABLES` (what a scenario may fill, parents first), `complete`,
    optionally `REFERENCES` and `insert`."""
    return importlib.import_module(_MODULES[key])


def vendor_keys() -> list[str]:
    return list(_MODULES)
