"""Nomad's errors: RFC 7807 ProblemDetails as ASP.NET writes them, served as application/json
(the media type the vendor's spec declares), with `errors` naming the failing field."""

from __future__ import annotations

import re
from typing import Any

from vidmock.apis.nomad.tracking import FILTERS
from vidmock.http.errors import ApiError, VendorError

_RFC9110 = "https://tools.ietf.org/html/rfc9110#section-"
TYPES = {
    400: _RFC9110 + "15.5.1",
    401: _RFC9110 + "15.5.2",
    403: _RFC9110 + "15.5.4",
    404: _RFC9110 + "15.5.5",
    405: _RFC9110 + "15.5.6",
    413: _RFC9110 + "15.5.14",
    415: _RFC9110 + "15.5.16",
    429: "https://tools.ietf.org/html/rfc6585#section-4",
    500: _RFC9110 + "15.6.1",
    502: _RFC9110 + "15.6.3",
    503: _RFC9110 + "15.6.4",
    504: _RFC9110 + "15.6.5",
}
NULL_MODEL = "The input model is null"
NO_FILTER = (
    "The input model names no filter: set userId, assetId and/or contentId "
    "(a delete without one would remove every record)"
)


def render_error(error: ApiError) -> VendorError:
    detail, fields = _explain(error)
    body: dict[str, Any] = {
        "type": TYPES.get(error.status, "about:blank"),
        "title": error.title,
        "status": error.status,
        "detail": detail,
    }
    if fields:
        body["errors"] = {field: [detail] for field in fields}
    return VendorError(error.status, body)


_UNEXPECTED = re.compile(r"'([^']*)'")


def _explain(error: ApiError) -> tuple[str, list[str]]:
    """The message and the fields it is about, in the vendor's (camelCase) names."""
    detail, fields = _locate(error)
    if error.status == 415:
        detail = f"{detail}. The mock reads JSON bodies only; the vendor's XML media types are not served"
    return detail, fields


def _locate(error: ApiError) -> tuple[str, list[str]]:
    if error.parameter:
        return error.detail, [error.parameter]
    if error.pointer is None:
        # Connexion refuses a request without the required body before any validator runs.
        if error.detail == "RequestBody is required":
            return NULL_MODEL, ["$"]
        return error.detail, []
    if error.pointer == "" and error.rule == "additionalProperties":
        return error.detail, _UNEXPECTED.findall(error.detail.split("(", 1)[-1]) or ["$"]
    if error.pointer == "":
        # Failures of the body as a whole: say what the vendor says, and name the filters when
        # the delete's rule "at least one filter" (the only root-level anyOf) is what failed.
        if error.rule == "required":
            return NULL_MODEL, ["$"]
        if error.rule == "anyOf":
            return NO_FILTER, list(FILTERS)
        if error.rule == "type":
            return f"The input model must be a JSON object: {error.detail}", ["$"]
        return error.detail, ["$"]
    return error.detail, [error.pointer.lstrip("/").replace("/", ".")]
