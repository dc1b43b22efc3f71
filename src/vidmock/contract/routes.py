"""Is each operation routed at the URL a run targets? A wrong `--base-url` (a base path doubled,
say) makes every call a 404 "no such route", which the checks alone take for "no such resource"
and pass. A route refuses a call without credentials (401/403) or without its body (400) before
it looks anything up, so an operation that answers such a call 404, and answers every test call
404 too, is not there."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterable
from typing import Any

VERBS = ("get", "put", "post", "delete", "patch")
PLACEHOLDER = "vidmock-route-probe"


def _secured(spec: dict[str, Any], operation: dict[str, Any]) -> bool:
    requirements = operation.get("security", spec.get("security")) or []
    return bool(requirements) and all(requirements)  # `{}` in the list makes credentials optional


def probes(spec: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Per operation label (`GET /videos/{videoId}`), the method and path of its probe: path
    parameters filled with a placeholder. Left out: operations open to anyone that take a path
    parameter, whose 404 may be the resource's."""
    found = {}
    for path, item in spec.get("paths", {}).items():
        for verb in VERBS:
            operation = item.get(verb)
            if operation is None:
                continue
            if "{" in path and not _secured(spec, operation):
                continue
            found[f"{verb.upper()} {path}"] = (verb.upper(), re.sub(r"\{[^}]+\}", PLACEHOLDER, path))
    return found


def status_of(method: str, url: str, timeout: float) -> int | None:
    """The status of one call without credentials or body; None when nothing answered."""
    request = urllib.request.Request(url, method=method, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError, ValueError):
        return None


def unrouted(spec: dict[str, Any], url: str, timeout: float = 10.0) -> set[str]:
    """The labels of the operations whose probe at `url` (the spec's base URL) answered 404."""
    return {
        label
        for label, (method, path) in probes(spec).items()
        if status_of(method, url + path, timeout) == 404
    }


def not_found(probed: set[str], statuses: dict[str, list[int]], labels: Iterable[str]) -> list[str]:
    """Of `labels`, those whose probe was a 404 and that answered the run nothing but 404."""
    return [
        label
        for label in labels
        if label in probed and all(status == 404 for status in statuses.get(label, []))
    ]
