"""One write with a JSON body per vendor (and the admin API) on the seeded small world, each with
a body it accepts, plus readers of each vendor's error shape and of the whole store.

The ids come from the store itself (the first row of a table), so the writes hold for any seed."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from starlette.testclient import TestClient

from vidmock.app import create_app
from vidmock.config import Config

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
BEARER = {"Authorization": "Bearer dev-token"}
JTV_BASIC = {"Authorization": "Basic " + base64.b64encode(b"dev-client:dev-secret").decode()}
IBM_TOKEN_FORM = "grant_type=client_credentials&client_id=dev-client&client_secret=dev-secret"


def make_client(**config: Any) -> TestClient:
    app = create_app(Config(now=NOW, size="small", validate_responses=True, **config))
    return TestClient(app, raise_server_exceptions=False)


def store(client: TestClient) -> dict[str, Any]:
    """Everything the mock holds (the clock is frozen, so two reads of an unchanged store match)."""
    response = client.get("/__admin/export")
    assert response.status_code == 200
    return response.json()


@dataclass(frozen=True)
class Write:
    vendor: str
    method: str
    path: str
    body: dict[str, Any]
    ok: int
    headers: dict[str, str] = field(default_factory=dict)


def writes(state: dict[str, Any]) -> dict[str, Write]:
    """A write per vendor that succeeds with the body given, keyed by vendor."""
    tables = state["tables"]
    video = tables["apivideo_videos"][0]["video_id"]
    subscriber = tables["jtv_activity"][0]["subscriber_id"]
    asset = tables["jtv_activity"][0]["asset_id"]
    nomad_user = tables["nomad_tracking"][0]["user_id"]
    package = tables["syngrafii_packages"][0]["package_id"]
    return {
        "apivideo": Write(
            "apivideo", "PATCH", f"/apivideo/videos/{video}", {"title": "Renamed"}, 200, BEARER
        ),
        "jtv": Write(
            "jtv",
            "PUT",
            f"/jtv/metax/3.0/ui/user/stat/{subscriber}",
            {"view_data": [{"asset_id": asset, "user_rating": 3}]},
            200,
            BEARER,
        ),
        "nomad": Write(
            "nomad",
            "POST",
            "/nomad/api/admin/user/userVideoTracking/delete",
            {"userId": nomad_user},
            200,
            BEARER,
        ),
        "syngrafii": Write(
            "syngrafii",
            "POST",
            "/syngrafii/api/v1/packages/videos/delete",
            {"packageId": package},
            200,
            {"api_key": "dev-key"},
        ),
        "admin": Write("admin", "POST", "/__admin/seed", {"seed": 7, "size": "small"}, 200),
    }


def send(client: TestClient, write: Write, content: bytes | str, content_type: str = "application/json"):
    headers = {**write.headers, "Content-Type": content_type}
    return client.request(write.method, write.path, content=content, headers=headers)


def named_place(vendor: str, response) -> str | None:
    """What the error names (field, pointer or header), read from the vendor's own error shape;
    fails when the body is not in that shape."""
    body = response.json()
    if vendor == "apivideo":
        assert set(body) >= {"type", "title", "name", "status", "detail"}
        assert body["type"].startswith("https://docs.api.video/docs/")
        return body["name"]
    if vendor == "jtv":
        assert body["result"] == "error" and set(body) <= {"result", "message", "reason", "field"}
        return body.get("field")
    if vendor == "nomad":
        assert set(body) >= {"type", "title", "status", "detail"}
        assert body["type"].startswith("https://tools.ietf.org/html/rfc9110#section-15.")
        return ",".join(body.get("errors", {})) or None
    if vendor == "syngrafii":
        assert set(body) == {"error", "message"}
        return body["error"]
    if vendor == "ibm-oauth":
        assert set(body) == {"error", "error_description"}
        return body["error"]
    if vendor == "ibm":
        (item,) = body["errors"]
        assert set(item) >= {"status", "title", "detail"}
        source = item.get("source", {})
        return source.get("pointer", source.get("parameter"))
    assert vendor == "admin"
    assert response.headers["content-type"] == "application/problem+json"
    assert set(body) >= {"type", "title", "status", "detail"}
    return body.get("pointer", body.get("parameter"))
