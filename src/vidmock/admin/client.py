"""A client of a running mock's control API (`/__admin`), for the command line and contract runs.

The control API answers loopback clients, and others that send `Authorization: Bearer <token>`
when the mock has an admin token (docs/control-api.md)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

TOKEN_VARIABLE = "VIDMOCK_ADMIN_TOKEN"


class ControlApiError(Exception):
    """The control API refused a call (`status` set, `detail` its problem's words and pointer) or
    could not be reached (`status` None, `detail` why)."""

    def __init__(self, method: str, url: str, status: int | None, detail: str) -> None:
        what = f"answered {status} {detail}" if status is not None else f"failed: {detail}"
        super().__init__(f"{method} {url} {what}")
        self.method, self.url, self.status = method, url, status
        self.detail = detail


@dataclass(frozen=True)
class ControlApi:
    root: str  # scheme://host[:port], where `/__admin` sits
    token: str | None = None

    @classmethod
    def of(cls, url: str, token: str | None = None) -> ControlApi:
        """The control API of the host `url` points to (any path of it)."""
        parts = urllib.parse.urlsplit(url)
        return cls(f"{parts.scheme}://{parts.netloc}", token)

    def call(self, method: str, path: str, body: bytes | None = None, timeout: float = 600.0) -> bytes:
        """One call to `/__admin<path>`; its raw answer, or a ControlApiError naming the refusal."""
        headers = {"Accept": "application/json", "Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        url = f"{self.root}/__admin{path}"
        data = body if body is not None or method != "POST" else b""
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            raise ControlApiError(method, url, exc.code, problem_text(exc.read(), exc.reason)) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
            raise ControlApiError(method, url, None, str(reason)) from None

    def json(self, method: str, path: str, body: bytes | None = None) -> Any:
        return json.loads(self.call(method, path, body))


def problem_text(raw: bytes, reason: str) -> str:
    """`detail (at /tables/x/0/y)` from an RFC 7807 body; the HTTP reason when it is not one."""
    try:
        problem = json.loads(raw)
    except ValueError:
        return raw[:200].decode(errors="replace") or reason
    if not isinstance(problem, dict):
        return reason
    text = str(problem.get("detail") or problem.get("title") or reason)
    where = problem.get("pointer") if problem.get("pointer") is not None else problem.get("parameter")
    return f"{text} (at {where or 'the document root'})" if where is not None else text
