"""Nomad Media (seed 000): video tracking beacons, continue watching, the admin delete of
video tracking records, and the login that issues the JWTs."""

import logging

from vidmock.apis.nomad import seeding, tables
from vidmock.apis.nomad.accounts import DEV_PASSWORD, DEV_USER_NAME, SECRET_FIELDS
from vidmock.apis.nomad.errors import render_error
from vidmock.apis.nomad.forced_errors import forced_error
from vidmock.vendor import Mount, VendorApi

# Connexion warns on every request to an operation that, like all of Nomad's bodies, accepts
# several media types; the choice it reports is the request's own, so the warning is noise.
logging.getLogger("connexion.operations.openapi3").addFilter(
    lambda record: "accepts multiple content types" not in str(record.msg)
)


def _credentials(base_url: str) -> list[str]:
    return [
        "Authorization: Bearer dev-token   (acts as the development user)",
        f"login: curl -H 'Content-Type: application/json' -d "
        f'\'{{"userName":"{DEV_USER_NAME}","password":"{DEV_PASSWORD}"}}\' {base_url}/api/account/login',
    ]


API = VendorApi(
    key="nomad",
    title="Nomad Media",
    mounts=(Mount("nomad-media.yaml", "/api"),),
    render_error=render_error,
    forced_error=forced_error,
    seed=seeding.seed,
    collections={"users": tables.users, "assets": tables.assets, "tracking": tables.tracking},
    credentials=_credentials,
    secret_fields=SECRET_FIELDS,
    dev_secrets=(DEV_PASSWORD,),
)
