"""Syngrafii's error body: `{"error": "<code>", "message": "<text>"}`, with codes in the
vendor's patterns (`{type}_not_found`, `{type}_not_authorized`, `{type}_invalid_{error}`)."""

from __future__ import annotations

from vidmock.apis.syngrafii.security import NOT_AUTHORIZED
from vidmock.http.errors import ApiError, VendorError

# The first segment of a body pointer -> the code of a bad value there.
FIELD_CODES = {"packageId": "package_invalid_id", "meetingVideoId": "video_invalid_id"}
STATUS_CODES = {
    403: NOT_AUTHORIZED,
    404: "resource_not_found",
    405: "request_invalid_method",
    413: "request_invalid_size",
    415: "request_invalid_content_type",
    429: "request_exception_rate",
}
CREDENTIALS_HINT = "Send the 'api_key' header or 'Authorization: Bearer <token>'."


def render_error(error: ApiError) -> VendorError:
    if error.status == 401:
        # Connexion's own refusals (no credentials, a malformed Authorization header) are 401s.
        detail = error.detail.rstrip(".")
        return VendorError(403, {"error": NOT_AUTHORIZED, "message": f"{detail}. {CREDENTIALS_HINT}"})
    return VendorError(error.status, {"error": error.code or _code(error), "message": error.detail})


def _code(error: ApiError) -> str:
    if error.status == 400:
        if error.rule == "additionalProperties":
            return "request_invalid_property"
        if error.parameter == "packageId":
            return "package_invalid_id"
        if error.parameter:
            return "request_invalid_parameter"
        field = error.pointer.split("/")[1] if error.pointer else ""
        # No field at all: malformed JSON, a missing body, a body that is not an object.
        return FIELD_CODES.get(field, "request_invalid_body")
    if error.status >= 500:
        return "server_exception_error"
    return STATUS_CODES.get(error.status, "request_invalid")
