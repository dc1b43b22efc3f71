"""The POST of one webhook notification, as api.video sends it, and which hosts may get one.

api.video's guide ("Verify webhook origins"): the body is the event's JSON, with the headers
`X-Api-Video-WebhookID` (the subscription) and `X-Api-Video-Signature` (the hex HMAC-SHA256 of
the body under the webhook's `signatureSecret`). The mock calls only this machine (127.0.0.0/8,
::1, `localhost`) unless more hosts are allowed (`--webhook-allow-host`): a mock must never
spray requests at URLs a test generated.

httpx is imported by the functions that use it: most mocks never send a notification, and the
import was about 20 ms of every start."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ipaddress
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

USER_AGENT = "vidmock (api.video webhooks)"
ANY_HOST = "*"


def refusal(url: str, allowed: Iterable[str]) -> str | None:
    """Why `url` may not be called, or None when it may. `allowed` holds extra host names or
    addresses (compared case-insensitively), or `*` for every host."""
    import httpx

    try:
        host = httpx.URL(url).host.lower()
    except httpx.InvalidURL as exc:
        return f"the URL cannot be called: {exc}"
    if not host:
        return "the URL has no host"
    extra = {name.lower().strip("[]") for name in allowed}
    if ANY_HOST in extra or host in extra or _is_loopback(host):
        return None
    return f"host '{host}' is not loopback and not allowed (--webhook-allow-host)"


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True  # RFC 6761: always this machine
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def body_of(payload: dict[str, Any]) -> bytes:
    """The JSON sent, compact as api.video's examples show it (the signature covers these bytes)."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def signature(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


async def send(
    client: httpx.AsyncClient,
    url: str,
    payload: dict[str, Any],
    webhook_id: str,
    secret: str,
    timeout: float,
) -> tuple[int | None, str | None]:
    """POST the notification; (status, None) when an answer came within `timeout` seconds (the
    whole exchange, connecting included), (None, error) otherwise. Redirects are not followed:
    api.video counts a 3xx as a failed delivery."""
    import httpx

    body = body_of(payload)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Api-Video-WebhookID": webhook_id,
        "X-Api-Video-Signature": signature(body, secret),
    }
    try:
        async with asyncio.timeout(timeout):
            answer = await client.post(url, content=body, headers=headers)
    except (TimeoutError, httpx.TimeoutException):
        return None, f"no answer within {timeout:g} s"
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return answer.status_code, None


def new_client() -> httpx.AsyncClient:
    """A client for any number of attempts side by side: each bounds its own time (`send`), and
    no pool limit makes one wait for a connection another receiver holds."""
    import httpx

    # trust_env=False: a proxy set in the environment must not carry loopback calls elsewhere.
    return httpx.AsyncClient(
        timeout=None,
        limits=httpx.Limits(max_connections=None, max_keepalive_connections=20),
        follow_redirects=False,
        trust_env=False,
    )
