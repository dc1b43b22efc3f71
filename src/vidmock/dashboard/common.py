"""What every dashboard page needs: the world, the mock's URLs, refusals shown on the page."""

from __future__ import annotations

import re
from typing import Any

from flask import render_template, request
from markupsafe import Markup, escape

from vidmock.apis import all_apis
from vidmock.apis.base_urls import base_url
from vidmock.http.errors import ApiError
from vidmock.vendor import VendorApi
from vidmock.world import World, current


def current_world() -> World:
    """The world of the tenant the request names (vidmock.tenants)."""
    return current()


def mock_url() -> str:
    """Where the mock is served, as the browser reached it (`http://127.0.0.1:8000`)."""
    return request.host_url.rstrip("/") + current().url_prefix


def served_apis() -> list[tuple[VendorApi, str]]:
    """The vendor APIs this mock serves, each with its base URL."""
    world = current_world()
    alone = world.config.api is not None
    keys = set(world.vendor_keys)
    return [(api, base_url(api, mock_url(), alone)) for api in all_apis() if api.key in keys]


def refusal(error: ApiError) -> str:
    """An ApiError as one line: the message and what it names (`/advance`, parameter `name`)."""
    where = ""
    if error.pointer is not None:
        where = f" (at {error.pointer or '/'})"
    elif error.parameter is not None:
        where = f" (parameter {error.parameter})"
    return f"{error.detail}{where}"


def page(template: str, status: int = 200, **context: Any) -> tuple[str, int]:
    """`template` rendered; `error` (if given) is shown at the top of the page."""
    return render_template(template, **context), status


# Where a long path, URL or id may be broken across lines: after these marks, never inside a word.
_BREAK_AFTER = re.compile(r"([/?&=@,.:_(-])(?=\w)")
LONG = 16  # characters: a token longer than this is a path, a URL or an id, not a word


def breakable(text: object) -> Markup:
    """`text` escaped, with `<wbr>` after the separators of each token longer than `LONG`
    (paths, URLs, UUIDs), and each part still that long (an id) in `<span class="id">`, which
    CSS lets break anywhere: a narrow table column wraps those, and a word stays whole (CSS
    alone breaks either everything anywhere, or nothing)."""
    return Markup("").join(
        Markup("<wbr>").join(_part(piece) for piece in _BREAK_AFTER.sub("\\1\0", token).split("\0"))
        if len(token) > LONG
        else escape(token)
        for token in re.split(r"(\s+)", str(text))
    )


def _part(piece: str) -> Markup:
    return Markup('<span class="id">%s</span>') % piece if len(piece) > LONG else escape(piece)
