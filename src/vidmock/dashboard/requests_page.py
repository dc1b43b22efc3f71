"""The request journal: newest first, filtered by the journal's own filters, kept current by a
small script (or a meta refresh without JavaScript); one exchange in full, and as curl."""

from __future__ import annotations

import json
import shlex
from typing import Any

from flask import Blueprint, abort, render_template, request

from vidmock.admin.journal import journal_query
from vidmock.dashboard.common import current_world, mock_url, page, refusal
from vidmock.http.errors import ApiError

blueprint = Blueprint("requests", __name__)
FILTERS = ("api", "method", "path", "operation_id", "status", "body_contains")
SHOWN = 200  # entries on the page; the journal itself keeps more
# Hop-by-hop and computed headers a replay must not send as they were.
NOT_REPLAYED = {"host", "content-length", "connection", "accept-encoding", "transfer-encoding"}


@blueprint.get("/requests")
def listing() -> tuple[str, int]:
    filters, entries, error = _entries()
    return page("requests.html", 400 if error else 200, filters=filters, entries=entries, error=error)


@blueprint.get("/requests/rows")
def rows() -> tuple[str, int]:
    """The table body alone, which the page's script swaps in."""
    _filters, entries, error = _entries()
    return render_template("request_rows.html", entries=entries), 400 if error else 200


@blueprint.get("/requests/<int:entry_id>")
def detail(entry_id: int) -> tuple[str, int]:
    found = [e for e in current_world().journal.entries() if e["id"] == entry_id]
    if not found:
        abort(404, f"No request {entry_id} in the journal (it keeps the newest only)")
    entry = found[0]
    return page(
        "request.html",
        entry=entry,
        curl=as_curl(entry, mock_url()),
        request_body=_body_text(entry["request"]["body"]),
        response_body=_body_text(entry["response"]["body"]),
    )


def _entries() -> tuple[dict[str, str], list[dict[str, Any]], str | None]:
    filters = {name: request.args.get(name, "").strip() for name in FILTERS}
    given: dict[str, Any] = {name: value for name, value in filters.items() if value}
    try:
        query = journal_query(**given, limit=SHOWN)
    except ApiError as exc:
        return filters, [], refusal(exc)
    return filters, current_world().journal.entries(query), None


def _body_text(body: dict[str, Any] | None) -> str | None:
    if not body:
        return None
    if "json" in body:
        return json.dumps(body["json"], indent=2)
    if "text" in body:
        return body["text"]
    if "base64" in body:
        return f"({body['size']} bytes of {body.get('media_type') or 'binary'}, base64) {body['base64']}"
    return f"({body.get('size', 0)} bytes, not kept)"


def as_curl(entry: dict[str, Any], root: str) -> str:
    """The request as a curl command line. Credentials are the journal's fingerprints, not the
    secrets sent, so a replay of an authenticated call needs them put back by hand."""
    url = root + entry["path"] + (f"?{entry['query']}" if entry.get("query") else "")
    parts = ["curl", "-X", entry["method"], shlex.quote(url)]
    for name, value in entry["request"].get("headers", {}).items():
        if name not in NOT_REPLAYED:
            parts += ["-H", shlex.quote(f"{name}: {value}")]
    body = entry["request"].get("body") or {}
    if "json" in body:
        parts += ["--data-raw", shlex.quote(json.dumps(body["json"]))]
    elif "text" in body:
        parts += ["--data-raw", shlex.quote(body["text"])]
    return " ".join(parts)
