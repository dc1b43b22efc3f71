"""The overview and the state browser."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, request

from vidmock.admin import control
from vidmock.admin.wire_views import has_shape
from vidmock.apis import all_apis
from vidmock.apis.base_urls import mount_urls, vendor_root
from vidmock.dashboard.common import current_world, mock_url, page, served_apis
from vidmock.http.errors import ApiError
from vidmock.http.numerals import LARGEST_EXACT, exact_integer
from vidmock.tenants.registry import current_tenants
from vidmock.world import DEFAULT_TENANT

blueprint = Blueprint("pages", __name__)
PER_PAGE = 20
# The control API skips at most 2^53 - 1 records (its `offset`); the page past that is refused.
LAST_PAGE = LARGEST_EXACT // PER_PAGE + 1


@blueprint.get("/")
def overview() -> tuple[str, int]:
    world = current_world()
    apis = []
    for api, base in served_apis():
        docs = [(mount.title or "API", f"{url}/ui/") for mount, url in mount_urls(api, base) if url]
        apis.append(
            {
                "api": api,
                "base": base,
                "docs": docs,
                "credentials": api.credentials(vendor_root(api, base) or base),
            }
        )
    served = {api.key for api, _base in served_apis()}
    counts = {key: numbers for key, numbers in control.counts(world).items() if key in served}
    admin = mock_url() + current_app.config["ADMIN_PREFIX"]
    return page(
        "overview.html",
        apis=apis,
        counts=counts,
        world=world,
        clock=control.clock(world),
        admin=admin,
        tenants=_tenants(world.tenant),
    )


def _tenants(shown: str) -> list[dict[str, object]]:
    """Every tenant with the URL of its dashboard (the tenant picker)."""
    host = request.host_url.rstrip("/")
    dashboard = current_app.config["ADMIN_PREFIX"] + "/ui/"
    return [
        {
            "name": tenant.name,
            "url": host + ("" if tenant.name == DEFAULT_TENANT else f"/t/{tenant.name}") + dashboard,
            "created": tenant.created.isoformat(timespec="seconds"),
            "used": tenant.used_at.isoformat(timespec="seconds"),
            "shown": tenant.name == shown,
        }
        for tenant in current_tenants().listing()
    ]


@blueprint.get("/state")
def state() -> tuple[str, int]:
    bases = dict((api.key, base) for api, base in served_apis())
    vendors = [api for api in all_apis() if api.key in bases]
    api_key = request.args.get("api") or vendors[0].key
    vendor = next((v for v in vendors if v.key == api_key), None)
    if vendor is None:
        return _state_page(vendors, bases, error=f"No API '{api_key}'", status=404)
    collection = request.args.get("collection") or next(iter(vendor.collections))
    search = request.args.get("q", "").strip()
    text = request.args.get("page", "1")
    number = exact_integer(text, LAST_PAGE) if text.isascii() and text.isdigit() else None
    if not number:
        error = f"page is a whole number from 1 to {LAST_PAGE}"
        return _state_page(vendors, bases, vendor=vendor, error=error, status=400)
    try:
        found = control.state(
            current_world(), api_key, collection, PER_PAGE, (number - 1) * PER_PAGE, "api", search or None
        )
    except ApiError as exc:
        return _state_page(vendors, bases, vendor=vendor, error=exc.detail, status=exc.status)
    part = found[api_key][collection]
    urls = part.get("urls") or [None] * len(part["items"])
    records = [
        {"json": json.dumps(item, indent=2, default=str), "url": bases[api_key] + url if url else None}
        for item, url in zip(part["items"], urls, strict=True)
    ]
    pages_total = max(1, -(-part["total"] // PER_PAGE))
    return _state_page(
        vendors,
        bases,
        vendor=vendor,
        collection=collection,
        search=search,
        number=number,
        pages_total=pages_total,
        total=part["total"],
        records=records,
        shaped=has_shape(api_key, collection),
    )


def _state_page(vendors, bases, status: int = 200, **context) -> tuple[str, int]:
    return page("state.html", status, vendors=vendors, bases=bases, **context)
