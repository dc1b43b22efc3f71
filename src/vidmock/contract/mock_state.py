"""A served vidmock's worlds kept as they were around a contract run: the run's positive and
stateful phases create, change and delete data (a demo package's videos, a subscriber's
favorites). When the target answers vidmock's control API (`/__admin/health` at the root of the
base URL's host), the run gets a tenant of its own (vidmock.tenants), made before the run as the
mock's default world and dropped after it, so two runs can share a mock and neither touches its
other worlds. A vidmock that makes no tenant for the run (an older one, one at its limit) has
its store exported before the run and imported back after it instead. The control API may
require `Authorization: Bearer <token>` from clients other than loopback: `VIDMOCK_ADMIN_TOKEN`
is sent."""

from __future__ import annotations

import json
import os
import tempfile
import urllib.parse
import uuid
from dataclasses import dataclass

from vidmock.admin.client import TOKEN_VARIABLE, ControlApi, ControlApiError

# What a vidmock that makes no tenant for the run answers `PUT /__admin/tenants/NAME` with: no
# such operation (404, 405), not served here (501), at its limit (503).
NO_TENANT = (404, 405, 501, 503)


@dataclass
class Guard:
    """What is known of the target before a run, and the snapshot to put back after it.

    `kind` is "vidmock" (a snapshot was taken), "refused" (a vidmock whose control API refused:
    nothing can be restored) or "other" (not a vidmock)."""

    control: ControlApi
    kind: str
    snapshot: bytes | None = None
    reason: str = ""
    # The run's own tenant, when the target made one for it.
    tenant: str | None = None

    def url(self, base_url: str) -> str:
        """Where the run sends its requests: `base_url` in the run's tenant (`/t/NAME` before
        its path), or as given."""
        if self.tenant is None:
            return base_url
        parts = urllib.parse.urlsplit(base_url)
        return urllib.parse.urlunsplit(parts._replace(path=f"/t/{self.tenant}{parts.path}"))

    def restore(self) -> str:
        """Drop the run's tenant, or import the snapshot back; the line to show. A
        ControlApiError names where the snapshot was saved so it can be imported by hand."""
        if self.tenant is not None:
            self.control.call("DELETE", f"/tenants/{self.tenant}")
            return (
                f"Ran in tenant {self.tenant} of the mock at {self.control.root}, dropped after: "
                "its other worlds were not touched."
            )
        assert self.snapshot is not None
        try:
            self.control.call("POST", "/import", self.snapshot)
        except ControlApiError as exc:
            handle, name = tempfile.mkstemp(prefix="vidmock-before-", suffix=".json")
            with os.fdopen(handle, "wb") as out:
                out.write(self.snapshot)
            raise ControlApiError(
                exc.method,
                exc.url,
                exc.status,
                f"{exc.detail}. The store before the run is saved in {name}: "
                f"vidmock import --url {self.control.root} {name}",
            ) from None
        return f"Restored the mock's store at {self.control.root} as it was before the run."


def is_vidmock(health: bytes) -> bool:
    """Whether a `/__admin/health` answer is vidmock's (see openapi/admin.yaml)."""
    try:
        answer = json.loads(health)
    except ValueError:
        return False
    return isinstance(answer, dict) and answer.get("status") == "ok" and isinstance(answer.get("apis"), list)


def guard(base_url: str, snapshot: bool = True) -> Guard:
    """Find out whether `base_url` is on a served vidmock and, when `snapshot`, export its store."""
    control = ControlApi.of(base_url, os.environ.get(TOKEN_VARIABLE) or None)
    try:
        health = control.call("GET", "/health", timeout=10.0)
    except ControlApiError as exc:
        refused = exc.status in (401, 403)
        return Guard(control, "refused" if refused else "other", reason=str(exc))
    if not is_vidmock(health):
        return Guard(control, "other")
    if not snapshot:
        return Guard(control, "vidmock")
    tenant = f"contract-{uuid.uuid4().hex[:12]}"
    try:
        control.call("PUT", f"/tenants/{tenant}", b"{}")
        return Guard(control, "vidmock", tenant=tenant)
    except ControlApiError as exc:
        # No tenant to be had (an older vidmock, one at its limit): the run goes to the
        # default world, which is snapshotted.
        if exc.status not in NO_TENANT:
            return Guard(control, "refused", reason=str(exc))
    try:
        return Guard(control, "vidmock", control.call("GET", "/export"))
    except ControlApiError as exc:
        return Guard(control, "refused", reason=str(exc))
