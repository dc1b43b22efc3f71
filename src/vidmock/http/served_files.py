"""One answer for every file the mock serves (api.video's MP4, thumbnails, WebVTT files and logos,
the player page, the dashboard's and Swagger UI's assets), following RFC 9110: validators (§8.8),
conditional requests (§13) and byte ranges (§14).

Werkzeug reads the headers. Its own `Response.make_conditional` is not used: it answers a 416 to
a suffix range longer than the file (RFC 9110 §14.1.2 serves the whole file), to several ranges and
to a malformed header (both of which RFC 9110 §14.2 lets a server ignore).

Decisions, the same on every route:
- `ETag` is a strong tag of the bytes (SHA-1, Werkzeug's `generate_etag`): it changes with the
  bytes and nothing else. `Last-Modified` is the time the store received the file, on the mock's
  clock; files made on the fly (placeholders, the player page, packaged assets) have none.
- Preconditions are evaluated in RFC 9110 §13.2.2's order: `If-Match` (strong comparison) or else
  `If-Unmodified-Since` fails with a 412; `If-None-Match` (weak comparison) or else
  `If-Modified-Since` answers a 304 with the validators and no body.
- `Range` is served for GET only (RFC 9110 §14.2; a HEAD describes the whole file). One range of
  bytes is a 206 with `Content-Range`; a suffix longer than the file is the whole file; a range
  starting past the end is a 416 with `Content-Range: bytes */LENGTH`. Several ranges, another
  unit, or a header that does not parse are ignored (200, the whole file). A zero-length file
  has no byte to start from (416), except for a suffix range, which selects the empty whole (200).
- `If-Range` lets the range through only for a strong match of the current `ETag`. A date never
  does: the mock's clock can stand still, so one second may hold two versions of a file and a
  `Last-Modified` cannot be shown to be a strong validator (RFC 9110 §8.8.2.2, §13.1.5).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property

from connexion import request
from connexion.lifecycle import ConnexionResponse
from werkzeug.datastructures import ContentRange, Range
from werkzeug.http import generate_etag, http_date, parse_date, parse_etags, parse_range_header, unquote_etag
from werkzeug.utils import get_content_type

from vidmock.http.errors import ApiError
from vidmock.storage.blobs import Blob

# `Cache-Control` as a CDN sends it (RFC 9111 §5.2.2), in `ServedFile.headers`.
# A file that never changes once made (a media segment).
IMMUTABLE = {"Cache-Control": "public, max-age=31536000, immutable"}
# A file that changes only when its video is deleted (a finished rendition's playlist or MP4).
SHORT = {"Cache-Control": "public, max-age=60"}
# A file that may change at any moment (a thumbnail, a master playlist while qualities encode).
NO_CACHE = {"Cache-Control": "no-cache"}


@dataclass(frozen=True)
class ServedFile:
    data: bytes
    media_type: str  # the Content-Type sent, e.g. "video/mp4", "text/html; charset=utf-8"
    last_modified: datetime | None = None  # when the store received it, on the mock's clock
    headers: Mapping[str, str] = field(default_factory=dict)  # sent on every answer: Cache-Control...

    @classmethod
    def from_blob(
        cls, blob: Blob, media_type: str | None = None, headers: Mapping[str, str] | None = None
    ) -> ServedFile:
        """The blob's bytes, its media type unless `media_type` says otherwise, and the time it
        was stored (Unix milliseconds in the store) as `Last-Modified`."""
        stored = datetime.fromtimestamp(blob.created_at / 1000, UTC)
        return cls(blob.data, media_type or blob.media_type, stored, headers or {})

    @cached_property
    def etag(self) -> str:
        """The strong entity tag, quoted as sent (RFC 9110 §8.8.3)."""
        return f'"{generate_etag(self.data)}"'

    def common_headers(self) -> dict[str, str]:
        """The headers every answer about this file carries, a 304 included (RFC 9110 §15.4.5)."""
        headers = {**self.headers, "ETag": self.etag, "Accept-Ranges": "bytes"}
        if self.last_modified is not None:
            headers["Last-Modified"] = http_date(self.last_modified)
        return headers


@dataclass(frozen=True)
class Answer:
    """What to send: 200, 206 or 304, or a refusal (412, 416) with the header at fault and why."""

    status: int
    headers: dict[str, str]
    body: bytes = b""
    refused_header: str | None = None
    detail: str | None = None
    media_type: str | None = None


def answer(method: str, headers: Mapping[str, str], file: ServedFile) -> Answer:
    """The answer to a GET or HEAD of `file` with the request's `headers` (case-insensitive
    mapping). For HEAD the body is the GET's, for the server to leave out with its length kept."""
    sent = file.common_headers()
    if refusal := _failed_precondition(headers, file):
        return Answer(412, sent, refused_header=refusal[0], detail=refusal[1])
    if _not_modified(headers, file):
        return Answer(304, sent)
    whole = Answer(200, sent, file.data, media_type=file.media_type)
    asked = headers.get("range")
    if method.upper() != "GET" or asked is None or not _if_range_holds(headers.get("if-range"), file):
        return whole
    parsed = parse_range_header(asked)
    if parsed is None or parsed.units != "bytes" or len(parsed.ranges) != 1:
        return whole
    length = len(file.data)
    first, stop = parsed.ranges[0]
    if stop is None and first < 0:  # a suffix: the last -first bytes, or all of a shorter file
        if length == 0:
            return whole
        first = max(length + first, 0)
    span = Range("bytes", [(first, stop)]).range_for_length(length)
    if span is None:
        refused = {**sent, "Content-Range": ContentRange("bytes", None, None, length).to_header()}
        detail = f"'{asked}' selects no byte of the {length}-byte file"
        return Answer(416, refused, refused_header="Range", detail=detail)
    start, end = span
    ranged = {**sent, "Content-Range": ContentRange("bytes", start, end, length).to_header()}
    return Answer(206, ranged, file.data[start:end], media_type=file.media_type)


def answer_or_raise(method: str, headers: Mapping[str, str], file: ServedFile) -> Answer:
    """`answer`, a 412 or 416 raised as an `ApiError` naming the header, for the renderer of the
    API that owns the path to give it that API's error shape."""
    given = answer(method, headers, file)
    if given.refused_header is not None:
        raise ApiError(
            given.status,
            given.detail or "",
            parameter=given.refused_header,
            location="header",
            headers=given.headers,
        )
    return given


def respond(file: ServedFile) -> ConnexionResponse:
    """`file` answered to the request a Connexion operation is serving (`answer_or_raise`)."""
    given = answer_or_raise(request.method, request.headers, file)
    return ConnexionResponse(
        given.status, content_type=given.media_type, body=given.body, headers=given.headers
    )


def media_type_of(name: str) -> str:
    """The `Content-Type` of a packaged file by its name's extension, `charset=utf-8` on text."""
    guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return get_content_type(guessed, "utf-8")


def _failed_precondition(headers: Mapping[str, str], file: ServedFile) -> tuple[str, str] | None:
    if (if_match := headers.get("if-match")) is not None:
        if parse_etags(if_match).contains(unquote_etag(file.etag)[0]):
            return None
        return "If-Match", f"If-Match {if_match} does not match the file's ETag {file.etag}"
    since = parse_date(headers.get("if-unmodified-since"))
    if since is not None and file.last_modified is not None and _seconds(file.last_modified) > since:
        modified = http_date(file.last_modified)
        return "If-Unmodified-Since", f"the file was modified at {modified}, after {http_date(since)}"
    return None


def _not_modified(headers: Mapping[str, str], file: ServedFile) -> bool:
    if (if_none_match := headers.get("if-none-match")) is not None:
        return parse_etags(if_none_match).contains_weak(unquote_etag(file.etag)[0])
    since = parse_date(headers.get("if-modified-since"))
    return since is not None and file.last_modified is not None and _seconds(file.last_modified) <= since


def _if_range_holds(value: str | None, file: ServedFile) -> bool:
    if value is None:
        return True
    tag, weak = unquote_etag(value.strip())
    return not weak and tag == unquote_etag(file.etag)[0]


def _seconds(moment: datetime) -> datetime:
    """HTTP dates have whole seconds: compare at that precision."""
    return moment.replace(microsecond=0)
