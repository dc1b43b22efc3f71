"""Store rows as the vendor's API returns them, for `GET /__admin/state?view=api` and the
dashboard's state browser. Each shape is the vendor's own `wire.py` function, so the view can
never drift from what the API answers; a collection no operation returns on its own (sessions,
favourites, tracking) keeps its store columns and says so."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from typing import Any

from sqlalchemy import Connection

from vidmock.apis.apivideo.live import wire as live_wire
from vidmock.apis.apivideo.videos import wire as videos_wire
from vidmock.apis.ibm_analytics import wire as ibm_wire
from vidmock.apis.jtv import wire as jtv_wire
from vidmock.apis.syngrafii import wire as syngrafii_wire
from vidmock.world import World

Row = dict[str, Any]
# (shape of one row, API path answering it or None); the path is below the API's base URL.
Shaper = tuple[Callable[[World, Row], Row], Callable[[Row], str | None]]

SHAPERS: dict[tuple[str, str], Shaper] = {
    ("apivideo", "videos"): (lambda w, r: videos_wire.video(r), lambda r: f"/videos/{r['video_id']}"),
    ("apivideo", "live_streams"): (
        lambda w, r: live_wire.live_stream(r),
        lambda r: f"/live-streams/{r['live_stream_id']}",
    ),
    # `GET /views` lists segments as IBM's View (in the zone of date_time_from; shown in UTC);
    # nothing fetches one alone. The `views` table is the aggregates' per-session index.
    ("ibm-analytics", "segments"): (lambda w, r: ibm_wire.view(r, UTC), lambda r: None),
    ("jtv", "assets"): (lambda w, r: jtv_wire.full(r["asset_id"], r), lambda r: None),
    ("syngrafii", "videos"): (
        lambda w, r: syngrafii_wire.meeting_video(r, w.clock.now()),
        lambda r: f"/packages/{r['package_id']}/videos",
    ),
}


def has_shape(api: str, collection: str) -> bool:
    return (api, collection) in SHAPERS


def shaped(world: World, conn: Connection, api: str, collection: str, items: list[Row]) -> dict[str, Any]:
    """`{view: "api", items: [wire shapes], urls: [path | None]}`, or `{view: "store"}` (the
    items untouched) for a collection without an API shape of its own."""
    del conn  # every shape so far needs the row alone; kept so a joined shape can read more
    shaper = SHAPERS.get((api, collection))
    if shaper is None:
        return {"view": "store"}
    shape, url = shaper
    return {"view": "api", "items": [shape(world, r) for r in items], "urls": [url(r) for r in items]}
