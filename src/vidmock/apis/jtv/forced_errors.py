"""JTV's errors as `Prefer` and fault rules force them (vidmock.faults.forced): a 401 is what
the operation's credential check says of a refused credential (the token endpoint's Basic
client, every MetaX call's bearer token); the rest are the shared ones."""

from __future__ import annotations

from vidmock.apis.jtv.security import client_refused, token_refused
from vidmock.faults.forced import ForcedRequest, standard_error
from vidmock.http.errors import ApiError

# The spec's security scheme of the token endpoint's client (`x-basicInfoFunc`).
BASIC_SCHEME = "basicAuth"


def forced_error(forced: ForcedRequest) -> ApiError:
    if forced.status == 401:
        basic = forced.route is not None and BASIC_SCHEME in forced.route.security
        return client_refused() if basic else token_refused()
    return standard_error(forced)
