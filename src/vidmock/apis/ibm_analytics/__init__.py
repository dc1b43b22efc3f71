"""IBM Video Streaming Analytics API v1.0.3 (seed 001), with its OAuth2 token endpoint."""

from sqlalchemy import Connection

from vidmock.apis.ibm_analytics import tables
from vidmock.apis.ibm_analytics.errors import render_error, render_oauth_error
from vidmock.apis.ibm_analytics.forced_errors import forced_oauth_error
from vidmock.apis.ibm_analytics.oauth import SECRET_FIELDS
from vidmock.vendor import Mount, SeedContext, VendorApi


def _seed(conn: Connection, ctx: SeedContext) -> None:
    # numpy, which the seeding draws with, is imported when a world is seeded, not when a kept
    # world file is read (vidmock.storage.world_files).
    from vidmock.apis.ibm_analytics.seeding import world

    world.seed(conn, ctx)


def _credentials(base_url: str) -> list[str]:
    return [
        "Authorization: dev-token   (the raw JWT header IBM documents; 'Bearer ' also accepted)",
        f"token: curl -u dev-client:dev-secret -d grant_type=client_credentials -d token_type=jwt "
        f"{base_url}/oauth2/token",
    ]


API = VendorApi(
    key="ibm-analytics",
    title="IBM Video Streaming Analytics",
    mounts=(
        Mount("ibm-analytics.yaml", "/v1"),
        Mount(
            "ibm-oauth.yaml",
            "/oauth2",
            title="OAuth server",
            render_error=render_oauth_error,
            forced_error=forced_oauth_error,
        ),
    ),
    render_error=render_error,
    seed=_seed,
    collections={"contents": tables.contents, "segments": tables.segments, "views": tables.views},
    credentials=_credentials,
    secret_fields=SECRET_FIELDS,
)
