"""JTV's error body, `{"result":"error","message":<CODE>,"reason":<text>}`, plus `field`
naming what failed in a 400."""

from __future__ import annotations

from vidmock.http.errors import ApiError, VendorError

CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "TOO_MANY_REQUESTS",
    502: "BAD_GATEWAY",
    503: "SERVICE_UNAVAILABLE",
    504: "GATEWAY_TIMEOUT",
}
# JTV's documented reason for a request without credentials.
NO_TOKEN = "No Authorization Token"


def render_error(error: ApiError) -> VendorError:
    reason = error.detail or error.title or ""
    if error.status == 401 and reason.lower().startswith("no authorization token"):
        reason = NO_TOKEN
    body = {"result": "error", "message": CODES.get(error.status, "INTERNAL_ERROR"), "reason": reason}
    field = field_of(error)
    if field:
        body["field"] = field
    return VendorError(error.status, body)


def field_of(error: ApiError) -> str | None:
    """The parameter, or the body field as `view_data[0].user_rating`."""
    if error.parameter:
        return error.parameter
    if error.pointer is None:
        return None
    parts = [p.replace("~1", "/").replace("~0", "~") for p in error.pointer.split("/")[1:]]
    text = ""
    for part in parts:
        text += f"[{part}]" if part.isdigit() else (f".{part}" if text else part)
    return text or None
