"""What the shared machinery needs to know of each vendor API: where it is mounted, how it
seeds its world, which tables it shows, its credentials and its error shape."""

from __future__ import annotations

import random
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table

from vidmock.config import Size
from vidmock.faults.forced import ForcedErrors, standard_error
from vidmock.http.errors import Renderer

if TYPE_CHECKING:
    from faker import Faker


@dataclass(frozen=True)
class Mount:
    spec: str  # file name under openapi/
    base_path: str  # the vendor's own base path, e.g. "/v1"
    # What the banner calls a mount beside the vendor's API (the first mount), e.g. "OAuth server".
    title: str = ""
    # Some vendors answer errors of one surface (an OAuth server, say) in another shape.
    render_error: Renderer | None = None
    # ... and build the errors `Prefer` and fault rules force on it otherwise (vidmock.faults.forced).
    forced_error: ForcedErrors | None = None


@dataclass(frozen=True)
class SeedContext:
    """What a vendor's seeder gets: its own random streams, so vendors never disturb each
    other's data, and the instant the world is built around."""

    rng: random.Random
    faker: Faker
    now: datetime
    size: Size


@dataclass(frozen=True)
class VendorApi:
    key: str
    title: str
    # The vendor's own API first: its URL is the API's base URL (see vidmock.apis.base_urls).
    mounts: tuple[Mount, ...]
    render_error: Renderer
    seed: Callable[[Connection, SeedContext], None]
    # Builds the errors `Prefer` and fault rules force as the vendor's operations build real
    # ones (see vidmock.faults.forced); the shared builders unless the vendor has its own.
    forced_error: ForcedErrors = standard_error
    # Collections shown by /__admin/state, in order.
    collections: dict[str, Table] = field(default_factory=dict)
    # Lines printed at start-up telling a developer how to authenticate.
    credentials: Callable[[str], list[str]] = lambda base_url: []
    # Body, form and query field names whose values are credentials, and the development
    # credentials themselves: the request journal keeps only fingerprints of them.
    secret_fields: tuple[str, ...] = ()
    dev_secrets: tuple[str, ...] = ()
    # Work the vendor does off the request path (webhook delivery, say): entered with the
    # world when the server starts (the ASGI lifespan), left when it stops.
    background: Callable[[Any], AbstractAsyncContextManager[None]] | None = None
    # A tenant's background work starts only once one of these tables has rows (its first
    # webhook, say): a thousand tenants that never subscribe cost no polling.
    background_tables: tuple[Table, ...] = ()
