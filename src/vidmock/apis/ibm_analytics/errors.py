"""IBM's error bodies: JSON:API `errors[]` for the Analytics API, RFC 6749 for its OAuth server."""

from __future__ import annotations

from vidmock.http.errors import ApiError, VendorError


def render_error(error: ApiError) -> VendorError:
    item: dict = {"status": error.status, "title": error.title, "detail": error.detail}
    if error.pointer is not None and error.parameter is None:
        item["source"] = {"pointer": error.pointer}
    elif error.parameter:
        item["source"] = {"parameter": error.parameter}
    return VendorError(error.status, {"errors": [item]})


def render_oauth_error(error: ApiError) -> VendorError:
    if error.code:
        code = error.code
    elif error.parameter == "grant_type" and error.rule == "enum":
        code = "unsupported_grant_type"
    else:
        code = {401: "invalid_client"}.get(error.status, "invalid_request")
    headers = {"Cache-Control": "no-store"}
    if error.status == 401:
        headers["WWW-Authenticate"] = 'Basic realm="oauth2"'
    return VendorError(error.status, {"error": code, "error_description": error.detail}, headers=headers)
