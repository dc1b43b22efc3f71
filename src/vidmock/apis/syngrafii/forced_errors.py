"""Syngrafii's errors as `Prefer` and fault rules force them (vidmock.faults.forced): a refused
credential is the 403 of the one the request sent (`api_key`, or the bearer token), as the
security check answers it; a 404 is the `package_not_found` of the package in the path (of
any package when the path names none); the rest are the shared ones (a 400 names a field)."""

from __future__ import annotations

from vidmock.apis.syngrafii.security import api_key_refused, bearer_refused
from vidmock.apis.syngrafii.videos import package_not_found
from vidmock.faults.forced import ForcedRequest, standard_error
from vidmock.http.errors import ApiError


def forced_error(forced: ForcedRequest) -> ApiError:
    if forced.status in (401, 403):
        return api_key_refused() if forced.headers.get("api_key") else bearer_refused()
    if forced.status == 404:
        return package_not_found(forced.parameter("packageId"))
    return standard_error(forced)
