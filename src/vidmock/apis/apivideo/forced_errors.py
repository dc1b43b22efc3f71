"""api.video's errors as `Prefer` and fault rules force them (vidmock.faults.forced): built by
the functions its operations raise real ones with, so a forced error reads as a real one."""

from __future__ import annotations

from vidmock.apis.apivideo.auth import operations as auth
from vidmock.apis.apivideo.common import not_found
from vidmock.apis.apivideo.media import operations as assets
from vidmock.apis.apivideo.media import thumbnails
from vidmock.apis.apivideo.media.operations import pick_thumbnail
from vidmock.faults.forced import Forced, ForcedRequest, standard_error
from vidmock.http.errors import ApiError

# The operations refusing a credential in a 400 (api.video answers a wrong key so).
_CREDENTIALS = {auth.authenticate: auth.api_key_refused, auth.refresh: auth.refresh_token_refused}


def forced_error(forced: ForcedRequest) -> ApiError | Forced:
    """A 404 names the id of the resource in the path (`name`: `videoId`, `language`, ...) as
    every lookup does; a 400 of `/auth/api-key` or `/auth/refresh` refuses the credential; the
    409 of a picked thumbnail names `timecode`; the 416 of the MP4 names `Range` with
    `Content-Range: bytes */<length>`, as a range past its end gets; the rest as every vendor (a
    400 names a field, a 401 refuses the token, 429 carries the rate-limit headers: see
    `errors.render_error`)."""
    status = forced.status
    if status == 400 and (refusal := _handler_of(forced, _CREDENTIALS)) is not None:
        return refusal()
    if status == 404 and (resource := forced.resource()) is not None:
        return not_found(*resource)
    if status == 409 and forced.reached(pick_thumbnail):
        return thumbnails.no_source_yet(forced.parameter("videoId") or "")
    if status == 416 and forced.reached(assets.mp4):
        return assets.unsatisfiable(forced.parameter("videoId") or "")
    return standard_error(forced)


def _handler_of(forced: ForcedRequest, table: dict) -> object | None:
    return next((value for handler, value in table.items() if forced.reached(handler)), None)
