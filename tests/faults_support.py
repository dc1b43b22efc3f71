"""Shared bits of the fault, latency and Prefer tests: one plain read per vendor, and counts."""

from __future__ import annotations

from typing import Any

import httpx

from conftest import NOW

SYNGRAFII_PACKAGE = "c603079c-2dc7-4af7-8c2e-dc992662621c"
WINDOW = {"date_time_from": "2026-11-01T00:00:00Z", "date_time_to": NOW.strftime("%Y-%m-%dT%H:%M:%SZ")}
# A read each vendor answers 200 with the seeded world: (api key, path below its base URL, query).
READS: dict[str, tuple[str, dict[str, Any]]] = {
    "ibm-analytics": ("/views", WINDOW),
    "apivideo": ("/videos", {}),
    "jtv": ("/metax/2.1/activity/fav/user@example.org", {}),
    "nomad": ("/media/my-content", {}),
    "syngrafii": (f"/packages/{SYNGRAFII_PACKAGE}/videos", {}),
}


def read(mock, key: str, **headers: str) -> httpx.Response:
    path, query = READS[key]
    return mock.client(key).get(path, params=query, headers=headers)


def admin(mock) -> httpx.Client:
    return httpx.Client(base_url=f"{mock.url}/__admin", timeout=30)


def total(mock, api: str, collection: str) -> int:
    with admin(mock) as client:
        answer = client.get("/state", params={"api": api, "collection": collection, "limit": 0})
    return answer.json()[api][collection]["total"]
