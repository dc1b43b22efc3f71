"""A request or response body as the journal keeps it: JSON as a JSON value, other text as
text, anything else as base64; cut at a limit and marked, secrets fingerprinted.

    {"media_type": "application/json", "size": 17, "truncated": false, "json": {"title": "x"}}
    {"media_type": "text/csv", "size": 102400, "truncated": true, "text": "<the first 64 KiB>"}
    {"media_type": "video/mp4", "size": 5, "truncated": false, "base64": "AAAAGGZ0"}

`size` is the body's length in bytes as sent; a cut body keeps its first `limit` bytes (a cut
JSON document is no longer JSON, so it is kept as text); an omitted one (`"omitted": true`) keeps
none."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from werkzeug.http import parse_options_header

from vidmock.journal.redaction import Redactor

FORM = "application/x-www-form-urlencoded"
# Text that is not `text/*` by its media type (RFC 6838 structured suffixes included).
TEXT_TYPES = frozenset({FORM, "application/xml", "application/javascript", "application/yaml"})
TEXT_SUFFIXES = ("+xml", "+yaml")


@dataclass(frozen=True)
class KeptBody:
    """`shown` goes into the entry; `raw` is the redacted text a substring search runs over;
    `cost` is roughly what both take in memory, in bytes."""

    shown: dict[str, Any]
    raw: str | bytes
    cost: int


def is_json(media_type: str) -> bool:
    return media_type == "application/json" or media_type.endswith("+json")


def is_text(media_type: str) -> bool:
    return media_type.startswith("text/") or media_type in TEXT_TYPES or media_type.endswith(TEXT_SUFFIXES)


def keep_body(
    data: bytes, size: int, content_type: str | None, limit: int, redactor: Redactor, searchable: bool = True
) -> KeptBody | None:
    """The journal's form of a body whose first bytes are `data` and whose full length is `size`;
    None for no body at all. `searchable`: keep the redacted text as sent as well (`raw`), for
    substring searches; a JSON body otherwise keeps only its parsed form."""
    if size == 0:
        return None
    media_type, options = parse_options_header(content_type or "")
    media_type = media_type.lower()
    data = data[:limit]
    truncated = size > len(data)
    shown: dict[str, Any] = {"media_type": media_type or None, "size": size, "truncated": truncated}
    text = _decoded(data, options.get("charset"), truncated)
    if text is None or not (media_type == "" or is_json(media_type) or is_text(media_type)):
        kept = base64.b64encode(data).decode()
        shown["base64"] = kept
        return KeptBody(shown, data, len(kept) + len(data))
    if is_json(media_type) and not truncated:
        try:
            shown["json"], redacted = redactor.parse_json(text)
        except ValueError:
            pass  # kept as text, below
        else:
            if not searchable:
                return KeptBody(shown, "", len(text))
            raw = redactor.json_text(text) if redacted else text
            return KeptBody(shown, raw, 2 * len(raw))
    if media_type == FORM:
        raw = redactor.query(text)
    elif is_json(media_type):
        raw = redactor.json_text(text)
    else:
        raw = redactor.text(text)
    shown["text"] = raw
    return KeptBody(shown, raw, len(raw))


@dataclass(frozen=True)
class PendingBody:
    """An answer's body as `keep_body` would keep it (not searchable), worked out only when its
    entry is read: parsing and redacting every answer cost more than serving most of them, and
    most entries are never read. `data` is what the journal keeps of the body, already cut to
    its limit; `size` the body's whole length."""

    data: bytes
    size: int
    content_type: str | None
    redactor: Redactor

    def shown(self) -> dict[str, Any] | None:
        kept = keep_body(
            self.data, self.size, self.content_type, len(self.data), self.redactor, searchable=False
        )
        return kept.shown if kept else None


def settled(entry: dict[str, Any]) -> dict[str, Any]:
    """`entry` (changed in place) with a pending answer body in its journal form."""
    response = entry.get("response")
    if response is not None and isinstance(response.get("body"), PendingBody):
        response["body"] = response["body"].shown()
    return entry


def omitted_body(size: int, content_type: str | None) -> KeptBody:
    """A body not kept at all, only its size: `{"media_type", "size", "truncated": true,
    "omitted": true}`."""
    media_type = parse_options_header(content_type or "")[0].lower() or None
    return KeptBody({"media_type": media_type, "size": size, "truncated": True, "omitted": True}, b"", 0)


def form_fields(text: str) -> dict[str, Any]:
    """A form body as a JSON object: a field sent once is a string, a repeated one a list."""
    fields: dict[str, Any] = {}
    for name, value in parse_qsl(text, keep_blank_values=True):
        if name in fields:
            previous = fields[name]
            fields[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            fields[name] = value
    return fields


def _decoded(data: bytes, charset: str | None, truncated: bool) -> str | None:
    """The text of `data`, or None when it is not text in its charset (UTF-8 by default). A cut
    may split a character: up to 3 trailing bytes are let go then."""
    encoding = charset or "utf-8"
    for cut in range(4 if truncated else 1):
        try:
            text = data[: len(data) - cut].decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if "\x00" in text:
            return None
        return text
    return None
