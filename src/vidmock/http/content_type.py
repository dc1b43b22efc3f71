"""Every request's `Content-Type` rewritten once, in canonical form, before Connexion reads it.

Connexion chooses the body validator, the 415 check and the handler's body decoding by
comparing media type strings, so `Application/JSON` used to skip JSON parsing and validation
altogether. Rewritten here (lowercase names, no whitespace, see `MediaType.canonical`), every
spelling RFC 9110 allows takes the same path through validation.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from vidmock.http.errors import ApiError
from vidmock.http.media_types import UnsupportedCharset, parse_media_type

HEADER = "Content-Type"
_NAME = b"content-type"


class ContentTypeMiddleware:
    """Rewrites `Content-Type` to canonical form.

    Errors (raised as `ApiError`, rendered in the owning vendor's shape, naming the header):
    400 for a value that is not a media type or for two differing `Content-Type` fields
    (RFC 9110 §5.3: it is a singleton field); 415 for a charset Python cannot decode.
    Must sit inside Connexion's exception middleware so those errors reach the ErrorRouter."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            values = {value for name, value in scope["headers"] if name.lower() == _NAME}
            if values:
                canonical = _canonical(values)
                others = [(name, value) for name, value in scope["headers"] if name.lower() != _NAME]
                scope = {**scope, "headers": [*others, (_NAME, canonical)]}
        await self.app(scope, receive, send)


def _canonical(values: set[bytes]) -> bytes:
    if len(values) > 1:
        raise refusal(400, "Content-Type must be sent once, with one media type")
    value = next(iter(values)).decode("latin-1")
    try:
        media_type = parse_media_type(value)
    except UnsupportedCharset as exc:
        raise refusal(415, f"Content-Type: {exc}") from None
    except ValueError as exc:
        raise refusal(400, f"Content-Type: {exc}") from None
    try:
        return media_type.canonical().encode("latin-1")
    except UnicodeEncodeError:
        # An RFC 2231 extended parameter decoded to text a header field cannot carry.
        raise refusal(400, f"Content-Type: '{value}' has a parameter outside ISO-8859-1") from None


def refusal(status: int, detail: str) -> ApiError:
    """The refusal of a request's `Content-Type` (a 400, 415), naming the header."""
    return ApiError(status, detail, parameter=HEADER, location="header")
