"""Which journal entries a reader wants: the filters of `GET /__admin/requests` and of the
pytest fixture's `requests()` / `count()`, checked once and matched against each entry."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jsonpointer import JsonPointer, JsonPointerException

from vidmock.http.json_bodies import MAX_DEPTH, nesting_depth
from vidmock.journal.bodies import FORM, form_fields

STATUS = re.compile(r"([1-5])(?:([0-9]{2})|[xX]{2})")
_missing = object()


class FilterError(ValueError):
    """A filter value that cannot be used; `parameter` names it as the control API does."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


@dataclass(frozen=True)
class JournalQuery:
    """Every filter is optional; all given ones must hold.

    - `api`: the API key (`admin` for the control API); `method`: any case;
    - `path`: a substring of the path; `operation_id`: the spec's operationId (`POST-video`,
      `listViews`; with `api` when two APIs share a name, as `issueToken`);
    - `status`: one code (`404`) or a class (`4xx`);
    - `since`: entries after this id only;
    - `body`: JSON pointer (RFC 6901) -> JSON value, each equal in the request body (a form body
      is read as an object of strings, a field sent twice as a list); equal as JSON: `1` is not
      `"1"` nor `true`, `1` is `1.0`;
    - `body_contains`: a substring of the request body as sent (secrets fingerprinted);
    - `limit`: at most this many: the newest, or with `since` the first ones after it."""

    api: str | None = None
    method: str | None = None
    path: str | None = None
    operation_id: str | None = None
    status: tuple[int, int] | None = None  # the codes allowed, low to high inclusive
    since: int | None = None
    body: tuple[tuple[JsonPointer, Any], ...] = ()
    body_contains: str | None = None
    limit: int | None = None

    @classmethod
    def of(
        cls,
        *,
        api: str | None = None,
        method: str | None = None,
        path: str | None = None,
        operation_id: str | None = None,
        status: int | str | None = None,
        since: int | None = None,
        body: Mapping[str, Any] | None = None,
        body_contains: str | None = None,
        limit: int | None = None,
    ) -> JournalQuery:
        """The query for these filters; FilterError names the first one that cannot be used."""
        if since is not None and (isinstance(since, bool) or not isinstance(since, int) or since < 0):
            raise FilterError("since", f"since must be an entry id (an integer >= 0), not {since!r}")
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
            raise FilterError("limit", f"limit must be an integer >= 1, not {limit!r}")
        return cls(
            api=api,
            method=method.upper() if method else None,
            path=path,
            operation_id=operation_id,
            status=None if status is None else parse_status(status),
            since=since,
            body=tuple((parse_pointer(p), v) for p, v in (body or {}).items()),
            body_contains=body_contains,
            limit=limit,
        )

    def matches(self, entry: Mapping[str, Any], raw_body: str | bytes | None) -> bool:
        if self.since is not None and entry["id"] <= self.since:
            return False
        if self.api is not None and entry["api"] != self.api:
            return False
        if self.method is not None and entry["method"] != self.method:
            return False
        if self.path is not None and self.path not in entry["path"]:
            return False
        if self.operation_id is not None and entry["operation_id"] != self.operation_id:
            return False
        if self.status is not None and not (
            entry["status"] is not None and self.status[0] <= entry["status"] <= self.status[1]
        ):
            return False
        if self.body_contains is not None and not _contains(raw_body, self.body_contains):
            return False
        if self.body:
            document = request_document(entry)
            if document is _missing:
                return False
            return all(same_json(pointer.resolve(document, _missing), value) for pointer, value in self.body)
        return True


def parse_status(value: int | str) -> tuple[int, int]:
    """`404` -> (404, 404); `"4xx"` -> (400, 499); FilterError otherwise."""
    match = STATUS.fullmatch(str(value)) if not isinstance(value, bool) else None
    if match is None:
        raise FilterError("status", f"status must be a code such as 404 or a class such as 4xx: {value!r}")
    if match.group(2) is None:
        low = int(match.group(1)) * 100
        return low, low + 99
    return int(value), int(value)


def parse_pointer(value: str, parameter: str = "body") -> JsonPointer:
    try:
        return JsonPointer(value)
    except (JsonPointerException, TypeError, AttributeError):
        raise FilterError(
            parameter, f"{parameter}: {value!r} is not a JSON pointer (RFC 6901), e.g. /title or /tags/0"
        ) from None


def parse_json_value(value: str, parameter: str) -> Any:
    """`value` read as JSON (`"My video"`, `42`, `true`, `null`, `{...}`); FilterError otherwise."""
    try:
        if nesting_depth(value) > MAX_DEPTH:
            raise ValueError("nested too deep")
        return json.loads(value)
    except ValueError:
        raise FilterError(
            parameter, f'{parameter} must be a JSON value, e.g. "My video" (quoted), 42 or true'
        ) from None


def same_json(a: Any, b: Any) -> bool:
    """Equality of JSON values: booleans, numbers and strings never equal one another."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def request_document(entry: Mapping[str, Any]) -> Any:
    """The request body as a JSON value (a form as an object of its fields); `_missing` when it
    is neither (text, binary, cut, or no body)."""
    body = entry["request"]["body"]
    if body is None or body["truncated"]:
        return _missing
    if "json" in body:
        return body["json"]
    if body["media_type"] == FORM:
        return form_fields(body["text"])
    return _missing


def _contains(raw: str | bytes | None, needle: str) -> bool:
    if raw is None:
        return False
    return needle in raw if isinstance(raw, str) else needle.encode() in raw
