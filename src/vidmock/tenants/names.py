"""Which tenant a request names: the header `Vidmock-Tenant`, or the path prefix `/t/NAME/`
(for apps that can only change a base URL), or neither (`default`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.types import Scope

from vidmock.http.errors import ApiError, single_header
from vidmock.world import DEFAULT_TENANT

HEADER = "Vidmock-Tenant"
PATH_PREFIX = "/t/"
PATTERN = "^[a-z0-9][a-z0-9-]{0,62}$"
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


@dataclass(frozen=True)
class Selection:
    """The tenant a request names and its path below any `/t/NAME` prefix; `refusal` when
    what it names is no tenant name (then `name` is `default`)."""

    name: str
    path: str
    prefix: str = ""
    refusal: ApiError | None = None


def valid(name: str) -> bool:
    return _NAME.fullmatch(name) is not None


def bad_name(name: str, where: str) -> ApiError:
    """The 400 for a tenant name that does not match PATTERN, naming `Vidmock-Tenant`."""
    return ApiError(
        400,
        f"{HEADER}: {name!r} ({where}) is not a tenant name: 1 to 63 lowercase letters, digits "
        "and hyphens, starting with a letter or digit",
        parameter=HEADER,
        location="header",
    )


def select(scope: Scope) -> Selection:
    """The tenant `scope` names. Refused (400, naming `Vidmock-Tenant`): a name that does not
    match PATTERN, the header sent twice, or a header naming another tenant than the path."""
    path = scope["path"]
    from_path = None
    prefix = ""
    if path.startswith(PATH_PREFIX):
        from_path, _slash, rest = path[len(PATH_PREFIX) :].partition("/")
        prefix = PATH_PREFIX + from_path
        path = "/" + rest
    try:
        from_header = single_header(Headers(scope=scope), HEADER)
    except ApiError as exc:
        return Selection(DEFAULT_TENANT, path, prefix, exc)
    if from_path is not None and not valid(from_path):
        return Selection(DEFAULT_TENANT, path, prefix, bad_name(from_path, "path prefix /t/NAME/"))
    if from_header is not None and not valid(from_header):
        return Selection(DEFAULT_TENANT, path, prefix, bad_name(from_header, "header"))
    if from_path is not None and from_header is not None and from_path != from_header:
        refusal = ApiError(
            400,
            f"{HEADER}: the header names tenant {from_header!r} and the path /t/{from_path}/: "
            "name one tenant (or the same in both)",
            parameter=HEADER,
            location="header",
        )
        return Selection(DEFAULT_TENANT, path, prefix, refusal)
    return Selection(from_path or from_header or DEFAULT_TENANT, path, prefix)
