"""Where a video's `assets` point: URLs on the mock's own host, below the api.video base path,
so a browser plays what was uploaded (`/apivideo/vod/{videoId}/mp4/source.mp4`, served by
`media.operations`). Outside a request (nothing to take the host from) they are paths."""

from __future__ import annotations

from connexion.context import scope
from starlette.datastructures import URL

from vidmock.world import current

# Where the request's origin is kept in its ASGI scope, worked out once: a page of videos asks
# for it per video.
_ORIGIN = "vidmock.origin"


def base() -> str:
    """`scheme://host[:port]` of the request being served + where api.video is mounted, whatever
    the request's own path (an api.video operation, or the control API's state view)."""
    world = current()
    # A tenant's URLs carry its `/t/NAME` prefix: a player following one stays in the tenant.
    prefix = world.url_prefix + world.prefix_of_api("apivideo")
    try:
        origin = scope.get(_ORIGIN)
    except (RuntimeError, LookupError):  # no request being served
        return prefix
    if origin is None:
        url = URL(scope=scope)
        origin = scope[_ORIGIN] = f"{url.scheme}://{url.netloc}"
    return origin + prefix


def video_assets(video_id: str, mp4: bool) -> dict[str, str]:
    """`{iframe, player, hls, thumbnail[, mp4]}` of a video; `mp4` only with `mp4Support`."""
    root = f"{base()}/vod/{video_id}"
    assets = {
        "iframe": (
            f'<iframe src="{root}/player" width="100%" height="100%" '
            'frameborder="0" scrolling="no" allowfullscreen="true"></iframe>'
        ),
        "player": f"{root}/player",
        "hls": f"{root}/hls/manifest.m3u8",
        "thumbnail": f"{root}/thumbnail.jpg",
    }
    if mp4:
        assets["mp4"] = f"{root}/mp4/source.mp4"
    return assets


def served_url(path: str) -> str:
    """`path` (below the API base, e.g. `/vod/vi…/captions/en.vtt`) as an absolute URL on the
    host the current request came to."""
    return base() + path
