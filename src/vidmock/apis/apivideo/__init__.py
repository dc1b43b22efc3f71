"""api.video (the 2021 API generation, seed 003), a package per resource: videos, uploads, media,
tracks, players, live, webhooks, analytics, auth and account, each with its operations, domain
rules, tables and wire format. Beside them: what every resource shares (ids, errors, common rules,
URLs on the mock's host, the wire format's times and pagination) and the vendor's world as a
whole (seeding, scenario support, its part of the control API)."""

from vidmock.apis.apivideo import seeding
from vidmock.apis.apivideo.analytics import tables as analytics_tables
from vidmock.apis.apivideo.auth.operations import DEV_API_KEY, SECRET_FIELDS
from vidmock.apis.apivideo.errors import render_error
from vidmock.apis.apivideo.forced_errors import forced_error
from vidmock.apis.apivideo.live import tables as live_tables
from vidmock.apis.apivideo.players import tables as player_tables
from vidmock.apis.apivideo.tracks import tables as track_tables
from vidmock.apis.apivideo.uploads import tables as upload_tables
from vidmock.apis.apivideo.videos import tables
from vidmock.apis.apivideo.webhooks import relay
from vidmock.apis.apivideo.webhooks import tables as webhook_tables
from vidmock.vendor import Mount, VendorApi


def _credentials(base_url: str) -> list[str]:
    return [
        "Authorization: Bearer dev-token",
        f"token: curl -H 'Content-Type: application/json' -d '{{\"apiKey\":\"dev-key\"}}' "
        f"{base_url}/auth/api-key",
    ]


API = VendorApi(
    key="apivideo",
    title="api.video",
    # api.video's paths sit at the root of its host (https://ws.api.video/videos).
    mounts=(Mount("apivideo.yaml", ""),),
    render_error=render_error,
    forced_error=forced_error,
    seed=seeding.seed,
    collections={
        "videos": tables.videos,
        "live_streams": live_tables.live_streams,
        "sessions": analytics_tables.sessions,
        "events": analytics_tables.events,
        "uploads": upload_tables.uploads,
        "encodings": upload_tables.encodings,
        "upload_tokens": upload_tables.upload_tokens,
        "players": player_tables.players,
        "captions": track_tables.captions,
        "chapters": track_tables.chapters,
        "webhooks": webhook_tables.webhooks,
        "webhook_deliveries": webhook_tables.deliveries,
    },
    credentials=_credentials,
    secret_fields=SECRET_FIELDS,
    dev_secrets=(DEV_API_KEY,),
    background=relay.running,
    background_tables=(webhook_tables.webhooks,),
)
