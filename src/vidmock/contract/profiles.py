"""Per vendor: the specs to test (the vendor's mounts) and its contract knowledge, which lives
in the vendor's own `contract.py` (`DEV`, `authenticate`, and optionally `accept`, `prepare`)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from vidmock.apis import all_apis, find_api
from vidmock.contract.credentials import Auth, Credentials
from vidmock.vendor import VendorApi

PACKAGES = {
    "ibm-analytics": "ibm_analytics",
    "apivideo": "apivideo",
    "jtv": "jtv",
    "nomad": "nomad",
    "syngrafii": "syngrafii",
}


@dataclass(frozen=True)
class Profile:
    api: VendorApi
    module: ModuleType

    @property
    def key(self) -> str:
        return self.api.key

    @property
    def dev(self) -> Credentials:
        return self.module.DEV

    def authenticate(self, creds: Credentials, base_url: str) -> Auth:
        """What the run sends, from `creds` and the API's base URL (see vidmock.apis.base_urls)."""
        return self.module.authenticate(creds, base_url)

    def accept(self, case: Any) -> bool:
        """False for a positive case the API must reject though every value fits the schema."""
        check: Callable[[Any], bool] | None = getattr(self.module, "accept", None)
        return check is None or check(case)

    def prepare(self, case: Any, facts: dict[str, str]) -> None:
        fix: Callable[[Any, dict[str, str]], None] | None = getattr(self.module, "prepare", None)
        if fix is not None:
            fix(case, facts)


def profile(key: str) -> Profile:
    api = find_api(key)
    return Profile(api, importlib.import_module(f"vidmock.contract.vendors.{PACKAGES.get(key, key)}"))


def profiles() -> list[Profile]:
    return [profile(api.key) for api in all_apis()]
