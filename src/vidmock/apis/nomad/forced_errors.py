"""Nomad's errors as `Prefer` and fault rules force them (vidmock.faults.forced): the 404s are
each operation's own (refused credentials of a login or a refresh, an unknown `userId`); the
rest are the shared ones (a 400 names a field, a 401 refuses the token)."""

from __future__ import annotations

from vidmock.apis.nomad import operations as handlers
from vidmock.faults.forced import ForcedRequest, standard_error
from vidmock.http.errors import ApiError


def forced_error(forced: ForcedRequest) -> ApiError:
    if forced.status == 404:
        if forced.reached(handlers.login):
            return handlers.login_refused()
        if forced.reached(handlers.refresh_token):
            return handlers.refresh_refused()
        if forced.reached(handlers.clear_watching):
            return handlers.no_such_user(forced.parameter("userId") or "")
    return standard_error(forced)
