"""Syngrafii / iinked Sign API v1 (seed 004): a package's meeting videos, listed and deleted."""

from vidmock.apis.syngrafii import seeding, tables
from vidmock.apis.syngrafii.errors import render_error
from vidmock.apis.syngrafii.forced_errors import forced_error
from vidmock.apis.syngrafii.security import DEV_API_KEY, SECRET_FIELDS
from vidmock.vendor import Mount, VendorApi


def _credentials(base_url: str) -> list[str]:
    return [
        f"api_key: {DEV_API_KEY}   (or 'Authorization: Bearer dev-token')",
        f"try: curl -H 'api_key: {DEV_API_KEY}' {base_url}/api/v1/packages/{seeding.DEMO_PACKAGE_ID}/videos",
    ]


API = VendorApi(
    key="syngrafii",
    title="Syngrafii / iinked Sign",
    mounts=(Mount("syngrafii.yaml", "/api/v1"),),
    render_error=render_error,
    forced_error=forced_error,
    seed=seeding.seed,
    collections={
        "packages": tables.packages,
        "meetings": tables.meetings,
        "sessions": tables.sessions,
        "videos": tables.videos,
    },
    credentials=_credentials,
    secret_fields=SECRET_FIELDS,
    dev_secrets=(DEV_API_KEY,),
)
