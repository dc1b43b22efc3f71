"""What one mock server is built from. Everything a test or the CLI can set lives here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

Size = Literal["small", "medium", "large"]
SIZES: tuple[Size, ...] = ("small", "medium", "large")
MiB = 1024 * 1024

DEV_TOKEN = "dev-token"
DEV_CLIENT_ID = "dev-client"
DEV_CLIENT_SECRET = "dev-secret"


@dataclass(frozen=True)
class Config:
    seed: int = 1
    size: Size = "small"
    db_url: str = "sqlite://"
    # Serve only this vendor, at its bare base path (e.g. `/v1` for ibm-analytics).
    api: str | None = None
    # A frozen clock; None follows the wall clock.
    now: datetime | None = None
    dev_token: str = DEV_TOKEN
    client_id: str = DEV_CLIENT_ID
    client_secret: str = DEV_CLIENT_SECRET
    # Key for the JWTs the token endpoints issue; stable so tokens survive a restart with --db.
    signing_key: str = "vidmock-development-jwt-signing-key"
    # Response validation costs throughput: on in tests and CI, off when serving.
    validate_responses: bool = False
    journal_size: int = 1000
    # Each header block and body an entry keeps is cut at this many bytes; all entries together
    # are kept under `journal_memory` bytes (the oldest go first).
    journal_body_limit: int = 64 * 1024
    journal_memory: int = 64 * 2**20
    # Lets non-loopback clients into /__admin with `Authorization: Bearer <token>`; None: nobody.
    admin_token: str | None = None
    # Start from this scenario (fixtures/scenarios/<name>.yaml) instead of the seeded world.
    scenario: str | None = None
    # Largest request body accepted, in bytes; past it a 413. Operations marked
    # `x-vidmock-body-limit: upload` in their spec (the admin import) get `max_upload_bytes`.
    max_body_bytes: int = 1 * MiB
    max_upload_bytes: int = 1024 * MiB  # a large world exports about 450 MB
    # api.video's encoding after an upload: clock seconds per rendition (each HLS quality from
    # 240p up to the source's, then the MP4); 0 makes a video playable at once.
    encoding_step: float = 10.0
    # Fault rules in their JSON form (see vidmock.faults.rules), and a delay added to every
    # vendor request (see vidmock.faults.delays); both come back on /__admin/reset.
    faults: tuple[dict[str, Any], ...] = ()
    latency: dict[str, Any] | None = None
    # Hosts (names or addresses; `*`: any) api.video's webhooks may call besides this machine
    # (127.0.0.0/8, ::1, localhost), which they always may.
    webhook_allow_hosts: tuple[str, ...] = ()
    # How long one webhook delivery attempt waits for the receiver's answer, in seconds.
    webhook_timeout: float = 5.0
    # Server processes over one store (`vidmock serve --workers N`); above 1 the clock, fault
    # rules, journal and seed/size/scenario live in the store too (vidmock.workers).
    workers: int = 1
    # A worker joining a store another process prepared: it neither seeds nor loads the
    # scenario, and takes the stored clock and fault rules as they are.
    joining: bool = False
    # The local CA's certificate (PEM file) when HTTPS is served with it; `GET /__admin/tls/ca.pem`
    # serves it. None without HTTPS, or with a certificate of the user's own.
    tls_ca_file: str | None = None
    # Tenants besides `default` held at once (vidmock.tenants); at the limit a new one is a 503.
    max_tenants: int = 1000
    # A tenant unused for this many seconds (the server's wall clock) is dropped.
    tenant_idle: float = 3600.0
