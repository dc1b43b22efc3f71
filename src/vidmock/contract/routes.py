"""Is each operation routed at the URL a run targets? A wrong `--base-url` (a base path doubled,
say) makes every call a 404 "no such route", which the checks alone take for "no such resource"
and pass. A route refuses a call without credentials (401/403) or without its body (400) before
it looks anything up, so an operation that answers such a call 404, and answers every test call
404 too, is not there. When no probe is answered at all, or every one with a 404, nothing at the
base URL serves the spec and the run stops before generating a case."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

VERBS = ("get", "put", "post", "delete", "patch", "head")
PLACEHOLDER = "vidmock-route-probe"


def _secured(spec: dict[str, Any], operation: dict[str, Any]) -> bool:
    requirements = operation.get("security", spec.get("security")) or []
    return bool(requirements) and all(requirements)  # `{}` in the list makes credentials optional


def labels(spec: dict[str, Any]) -> list[str]:
    """Every operation's label as Schemathesis writes it (`GET /videos/{videoId}`), in the
    spec's order."""
    paths = spec.get("paths", {})
    return [f"{verb.upper()} {path}" for path, item in paths.items() for verb in VERBS if verb in item]


def documented(spec: dict[str, Any]) -> dict[str, list[str]]:
    """Per operation label, the response keys its spec documents ("200", "4XX", "default"), in
    the spec's order."""
    found = {}
    for path, item in spec.get("paths", {}).items():
        for verb in VERBS:
            if verb in item:
                found[f"{verb.upper()} {path}"] = [str(key) for key in item[verb].get("responses", {})]
    return found


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


def answer_of(method: str, url: str, timeout: float) -> tuple[int | None, str]:
    """The status of one call without credentials or body, or None and why nothing answered."""
    request = urllib.request.Request(url, method=method, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return None, str(reason) or type(reason).__name__


@dataclass
class Probe:
    """What the probes at a base URL answered: per operation label its status (None: no
    answer), and why the first unanswered probe got no answer."""

    url: str
    statuses: dict[str, int | None] = field(default_factory=dict)
    error: str = ""
    # No operation could be probed (all open to anyone, with path parameters): the base URL
    # itself was, which tells whether anything answers, not whether the spec's paths are there.
    base_only: bool = False

    @property
    def unrouted(self) -> set[str]:
        """The labels whose probe answered 404."""
        return {label for label, status in self.statuses.items() if status == 404}

    def stop_reason(self) -> str | None:
        """Why no case should be generated against this base URL, or None when something
        there answers the spec's paths."""
        answered = [status for status in self.statuses.values() if status is not None]
        if not answered:
            return f"nothing answers at {self.url}: {self.error or 'no answer'}"
        if not self.base_only and len(answered) == len(self.statuses) and set(answered) == {404}:
            return (
                f"NOT FOUND — is --base-url right? nothing at {self.url} answers the spec's paths "
                f"(a 404 to each of the {len(answered)} probed)"
            )
        return None


def probe(spec: dict[str, Any], url: str, timeout: float = 10.0) -> Probe:
    """Probe each operation of `probes(spec)` at `url` (the spec's base URL), or `url` itself
    when none can be probed. A first probe without an answer is tried once more; if it still has
    none, nothing is there and the rest are not sent (each could wait `timeout`)."""
    targets = probes(spec)
    found = Probe(url, base_only=not targets)
    for label, (method, path) in (targets or {"GET": ("GET", "")}).items():
        status, error = answer_of(method, url + path, timeout)
        if status is None and not found.statuses:
            time.sleep(0.5)
            status, error = answer_of(method, url + path, timeout)
        found.statuses[label] = status
        if status is None:
            found.error = found.error or error
            if len(found.statuses) == 1:
                break
    return found


def not_found(probed: set[str], statuses: dict[str, list[int]], labels: Iterable[str]) -> list[str]:
    """Of `labels`, those whose probe was a 404 and that answered the run nothing but 404."""
    return [
        label
        for label in labels
        if label in probed and all(status == 404 for status in statuses.get(label, []))
    ]
