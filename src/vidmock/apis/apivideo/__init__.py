"""api.video (the 2021 API generation): authentication, videos, live streams and the
"raw statistics" of their player sessions (seed 003)."""

from vidmock.apis import Mount, VendorApi
from vidmock.apis.apivideo import (
    player_tables,
    relay,
    seeding,
    tables,
    track_tables,
    upload_tables,
    webhook_tables,
)
from vidmock.apis.apivideo.auth import DEV_API_KEY, SECRET_FIELDS
from vidmock.apis.apivideo.errors import render_error


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
    seed=seeding.seed,
    collections={
        "videos": tables.videos,
        "live_streams": tables.live_streams,
        "sessions": tables.sessions,
        "events": tables.events,
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
)
