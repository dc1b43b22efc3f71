"""Operations of `openapi/admin.yaml` on tenants (vidmock.tenants): list, make, read, drop."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from vidmock.admin import control
from vidmock.http.errors import ApiError
from vidmock.scenarios import ScenarioError
from vidmock.tenants.registry import Tenant, TenantLimit, current_tenants
from vidmock.tenants.templates import TenantOptions
from vidmock.world import DEFAULT_TENANT

JSON = {"Content-Type": "application/json"}


async def list_tenants() -> tuple[dict[str, Any], int, dict]:
    tenants = current_tenants()
    answer = {
        "tenants": [described(tenant) for tenant in tenants.listing()],
        "max_tenants": tenants.max_tenants,
        "tenant_idle": tenants.idle_seconds,
    }
    return answer, 200, JSON


async def get_tenant(name: str) -> tuple[dict[str, Any], int, dict]:
    tenant = current_tenants().get(name)
    if tenant is None:
        raise _no_tenant(name)
    return described(tenant), 200, JSON


async def put_tenant(name: str, body: dict[str, Any] | None = None) -> tuple[dict[str, Any], int, dict]:
    """201 with a new tenant, 200 with one made afresh in place of another; 409 for `default`,
    404 naming `scenario` for an unknown scenario, 400 for one refused, 503 at the limit."""
    if name == DEFAULT_TENANT:
        raise _default_is_the_server_s(name, "made again: reset it with POST /__admin/reset")
    tenants = current_tenants()
    options = _options(tenants.default.options, body or {})
    try:
        tenant, created = tenants.put(name, options)
    except KeyError as exc:
        # As `POST /scenarios/{name}` answers an unknown scenario.
        raise ApiError(404, str(exc.args[0]), pointer="/scenario") from None
    except ScenarioError as exc:
        raise ApiError(400, f"scenario refused: {exc}", pointer="/scenario") from None
    except TenantLimit as exc:
        raise ApiError(503, str(exc), parameter="name") from None
    return described(tenant), 201 if created else 200, JSON


async def delete_tenant(name: str) -> tuple[None, int]:
    if name == DEFAULT_TENANT:
        raise _default_is_the_server_s(name, "dropped: reset it with POST /__admin/reset")
    if not current_tenants().drop(name):
        raise _no_tenant(name)
    return None, 204


def described(tenant: Tenant) -> dict[str, Any]:
    """A tenant as `#/components/schemas/Tenant` writes it."""
    world = tenant.world
    records = sum(sum(numbers.values()) for numbers in control.counts(world).values())
    now = tenant.options.now
    return {
        "name": tenant.name,
        "created": tenant.created.isoformat(),
        "last_used": tenant.used_at.isoformat(),
        "records": records,
        "seed": world.seed,
        "size": world.size,
        "scenario": world.scenario,
        "now": None if now is None else now.isoformat(),
        "clock": control.clock(world),
    }


def _options(default: TenantOptions, body: dict[str, Any]) -> TenantOptions:
    options = replace(default, **{key: body[key] for key in ("seed", "size", "scenario") if key in body})
    if "now" in body:
        now = body["now"]
        options = replace(
            options, now=None if now is None else datetime.fromisoformat(now.replace("Z", "+00:00"))
        )
    if "scenario" not in body and ("seed" in body or "size" in body):
        # A seed or size asks for a seeded world, even where the server loaded a scenario.
        options = replace(options, scenario=None)
    return options


def _no_tenant(name: str) -> ApiError:
    return ApiError(404, f"No tenant '{name}' (GET /__admin/tenants lists them)", parameter="name")


def _default_is_the_server_s(name: str, what: str) -> ApiError:
    return ApiError(409, f"'{name}' is the server's own world and cannot be {what}", parameter="name")
