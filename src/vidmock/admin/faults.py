"""Operations of `openapi/admin.yaml` for fault rules (`/faults`) and latency (`/latency`)."""

from __future__ import annotations

from typing import Any

from connexion import NoContent

from vidmock.admin import control
from vidmock.http.errors import ApiError
from vidmock.world import current

JSON = {"Content-Type": "application/json"}


async def list_faults() -> tuple[dict[str, Any], int, dict]:
    return {"faults": current().faults.listing()}, 200, JSON


async def add_fault(body: dict[str, Any]) -> tuple[dict[str, Any], int, dict]:
    listed = control.add_fault(current(), body)
    return listed, 201, {**JSON, "Location": f"/__admin/faults/{listed['id']}"}


async def get_fault(id: str) -> tuple[dict[str, Any], int, dict]:
    listed = current().faults.get(id)
    if listed is None:
        raise ApiError(404, f"No fault rule '{id}' (a rule with times retires once spent)", parameter="id")
    return listed, 200, JSON


async def delete_fault(id: str) -> tuple[Any, int]:
    if not current().faults.remove(id):
        raise ApiError(404, f"No fault rule '{id}'", parameter="id")
    return NoContent, 204


async def clear_faults() -> tuple[Any, int]:
    current().faults.clear()
    return NoContent, 204


async def get_latency() -> tuple[dict[str, Any], int, dict]:
    latency = current().faults.latency
    return {"delay": latency.spec if latency else None}, 200, JSON


async def put_latency(body: dict[str, Any]) -> tuple[dict[str, Any], int, dict]:
    return control.set_latency(current(), body.get("delay")), 200, JSON
