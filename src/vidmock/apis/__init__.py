"""The vendor APIs vidmock serves, one package each, the list of them, and where each is mounted
(its base URL)."""

from __future__ import annotations

from vidmock.vendor import VendorApi


def all_apis() -> list[VendorApi]:
    from vidmock.apis import apivideo, ibm_analytics, jtv, nomad, syngrafii

    return [ibm_analytics.API, apivideo.API, jtv.API, nomad.API, syngrafii.API]


def find_api(key: str) -> VendorApi:
    for api in all_apis():
        if api.key == key:
            return api
    known = ", ".join(a.key for a in all_apis())
    raise KeyError(f"unknown API '{key}' (known: {known})")
