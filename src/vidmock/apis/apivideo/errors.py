"""api.video's error body: `{type, title, name, status}`, plus `problems` on a 400.

`title` is api.video's own sentence for the kind of error; `detail` (as in api.video's later
bodies) says which value was wrong and why; `name` is the field or parameter at fault. A 429
carries api.video's rate-limit headers (its later specs): `X-RateLimit-Limit` (requests per
minute), `X-RateLimit-Remaining` (0) and `X-RateLimit-Retry-After` (seconds until the window
resets: the error's `Retry-After` when it has one, else the whole minute)."""

from __future__ import annotations

from typing import Any

from vidmock.http.errors import ApiError, VendorError

DOCS = "https://docs.api.video/docs/"
INVALID_CREDENTIALS = "invalid_credentials"
# api.video publishes no limit per plan: the mock states a request a second, over a minute.
RATE_LIMIT_PER_MINUTE = 60
RATE_LIMIT_WINDOW_S = 60

# JSON Schema keyword (or our own code) -> (type, title)
_BY_RULE = {
    "minimum": ("attributeout_of_range", "This parameter is out of the allowed range of values."),
    "maximum": ("attributeout_of_range", "This parameter is out of the allowed range of values."),
    "required": ("attributemissing", "This attribute is required."),
    INVALID_CREDENTIALS: ("authenticationinvalid_credentials", "The user credentials were incorrect."),
    "filealreadyuploaded": ("filealreadyuploaded", "The source of the video is already uploaded."),
    "fileextension": ("fileextension", "Only [jpeg, jpg, JPG, JPEG, png, PNG] extensions are supported."),
}
_BY_STATUS = {
    400: ("attributeinvalid", "This attribute is invalid."),
    401: ("authenticationunauthorized", "Unauthorized request."),
    404: ("resourcenot_found", "The requested resource was not found."),
    405: ("requestmethod_not_allowed", "This method is not allowed on this resource."),
    413: ("requestpayload_too_large", "The request body is too large."),
    412: ("requestprecondition_failed", "A precondition of the request failed."),
    415: ("requestunsupported_media_type", "The request body's media type is not supported."),
    416: ("requestrange_not_satisfiable", "The requested range is not satisfiable."),
    429: ("requesttoo_many_requests", "Too many requests."),
}


def render_error(error: ApiError) -> VendorError:
    slug, title = _BY_RULE.get(error.code or error.rule or "") or _BY_STATUS.get(
        error.status, ("requesterror", error.title or "Error")
    )
    problem: dict[str, Any] = {
        "type": DOCS + slug,
        "title": title,
        "name": _name(error),
        "status": error.status,
        "detail": error.detail,
    }
    body = dict(problem)
    if error.status == 400:
        body["problems"] = [problem]
    headers = _rate_limit(error) if error.status == 429 else {}
    return VendorError(error.status, body, headers=headers)


def _rate_limit(error: ApiError) -> dict[str, str]:
    retry_after = (error.headers or {}).get("Retry-After", str(RATE_LIMIT_WINDOW_S))
    return {
        "X-RateLimit-Limit": str(RATE_LIMIT_PER_MINUTE),
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Retry-After": retry_after,
    }


def _name(error: ApiError) -> str:
    if error.parameter:
        return error.parameter
    if error.pointer:
        # RFC 6901 back to a dotted path: "/metadata/0/key" -> "metadata.0.key"
        parts = error.pointer.lstrip("/").split("/")
        return ".".join(p.replace("~1", "/").replace("~0", "~") for p in parts)
    if error.status == 401:
        return "Authorization"
    return ""
