"""JunctionTV MetaX subscriber activity (seed 002): the bulk ingest with isDelta, the MetaX 2.1
activity calls that read and edit the same state, and the UMS OAuth token endpoint."""

from vidmock.apis.jtv import seeding, tables
from vidmock.apis.jtv.errors import render_error
from vidmock.apis.jtv.forced_errors import forced_error
from vidmock.apis.jtv.security import SECRET_FIELDS
from vidmock.vendor import Mount, VendorApi


def _credentials(base_url: str) -> list[str]:
    return [
        "Authorization: Bearer dev-token",
        f"token: curl -u dev-client:dev-secret -d grant_type=client_credentials {base_url}/ums/2.0/oauth/",
    ]


API = VendorApi(
    key="jtv",
    title="JunctionTV MetaX",
    # JTV's paths carry their own versions (/metax/3.0, /metax/2.1, /ums/2.0): no base path.
    mounts=(Mount("jtv-metax.yaml", ""),),
    render_error=render_error,
    forced_error=forced_error,
    seed=seeding.seed,
    collections={"assets": tables.assets, "favorites": tables.favorites, "activity": tables.activity},
    credentials=_credentials,
    secret_fields=SECRET_FIELDS,
)
