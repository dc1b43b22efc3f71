"""IBM's errors as `Prefer` and fault rules force them (vidmock.faults.forced). The Analytics
API's are the shared ones (a 400 names a parameter, a 401 refuses the JWT); its OAuth server's
401 is the `invalid_client` its token endpoint answers unknown client credentials with."""

from __future__ import annotations

from vidmock.apis.ibm_analytics.oauth import client_refused
from vidmock.faults.forced import ForcedRequest, standard_error
from vidmock.http.errors import ApiError


def forced_oauth_error(forced: ForcedRequest) -> ApiError:
    if forced.status == 401:
        return client_refused()
    return standard_error(forced)
