"""`vidmock serve`: one process, or several workers over a shared store, and the start-up banner."""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import uvicorn
from rich.console import Console

from vidmock.apis import all_apis, base_urls, find_api
from vidmock.app import create_app
from vidmock.cli import discovery
from vidmock.cli import worker_app as workers_mod
from vidmock.cli.options import (
    check_api_key,
    check_scenario,
    parse_faults,
    parse_idle,
    parse_instant,
    parse_latency,
)
from vidmock.config import SIZES, Config
from vidmock.http.server import UVICORN, UVICORN_WORKERS
from vidmock.journal.terminal import printing_requests
from vidmock.storage.heap import FrozenOnceStarted, freeze_startup_heap
from vidmock.tls.servers import serve_together

if TYPE_CHECKING:
    from vidmock.tls import certificates


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--https-port",
    default=None,
    type=click.IntRange(1, 65535),
    help="Also serve the same mock over HTTPS on this port, with a certificate from a local CA "
    "made on first use (docs/https.md).",
)
@click.option(
    "--tls-cert",
    default=None,
    type=click.Path(exists=True, dir_okay=False),
    help="With --https-port: serve this PEM certificate (chain) instead of the local CA's.",
)
@click.option(
    "--tls-key",
    default=None,
    type=click.Path(exists=True, dir_okay=False),
    help="The private key (PEM) of --tls-cert.",
)
@click.option(
    "--seed",
    default=1,
    show_default=True,
    type=click.IntRange(0, 2**32 - 1),
    help="The same seed and size give the same world, byte for byte.",
)
@click.option("--size", default="medium", show_default=True, type=click.Choice(SIZES))
@click.option(
    "--db",
    "db_url",
    default="sqlite://",
    show_default=True,
    help="sqlite:///path/file.db keeps state across restarts; postgresql://... shares it.",
)
@click.option(
    "--api",
    default=None,
    callback=check_api_key,
    help="Serve only this API, at its bare base path (e.g. /v1).",
)
@click.option(
    "--now",
    default=None,
    callback=parse_instant,
    help="Freeze the clock at this ISO 8601 instant (default: the wall clock).",
)
@click.option(
    "--scenario",
    default=None,
    callback=check_scenario,
    help="Start from this scenario (see `vidmock scenarios`) instead of the seeded world.",
)
@click.option(
    "--dev-token",
    envvar="VIDMOCK_DEV_TOKEN",
    default="dev-token",
    show_default=True,
    help="The development bearer token every API accepts.",
)
@click.option(
    "--admin-token",
    envvar="VIDMOCK_ADMIN_TOKEN",
    default=None,
    help="Let non-loopback clients use /__admin with 'Authorization: Bearer TOKEN' (default: loopback only).",
)
@click.option(
    "--validate-responses/--no-validate-responses",
    default=False,
    show_default=True,
    help="Check every response against the spec (slower).",
)
@click.option(
    "--max-body-size",
    "max_body_bytes",
    envvar="VIDMOCK_MAX_BODY_SIZE",
    default=Config.max_body_bytes,
    show_default=True,
    type=click.IntRange(min=1),
    help="Largest request body accepted, in bytes; a larger one is a 413.",
)
@click.option(
    "--max-upload-size",
    "max_upload_bytes",
    envvar="VIDMOCK_MAX_UPLOAD_SIZE",
    default=Config.max_upload_bytes,
    show_default=True,
    type=click.IntRange(min=1),
    help="Largest body, in bytes, of the operations that take whole files (uploads, POST /__admin/import).",
)
@click.option(
    "--encoding-step",
    "encoding_step",
    envvar="VIDMOCK_ENCODING_STEP",
    default=Config.encoding_step,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Clock seconds api.video takes per rendition (each HLS quality, then the MP4) after an upload.",
)
@click.option("--quiet", is_flag=True, help="Print no line per request.")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes over one shared store; above 1 needs --db (a SQLite file or PostgreSQL).",
)
@click.option(
    "--fault",
    "faults",
    multiple=True,
    callback=parse_faults,
    metavar="'API:TARGET=EFFECT'",
    help="A fault rule, e.g. 'apivideo:POST /videos=503 retry-after 5 times 2' or 'jtv:*=delay 2s' "
    "(docs/faults.md). Repeatable.",
)
@click.option(
    "--latency",
    default=None,
    callback=parse_latency,
    help="Delay every vendor request: 100ms (fixed) or 50-300ms (uniform, seeded).",
)
@click.option(
    "--webhook-allow-host",
    "webhook_allow_hosts",
    multiple=True,
    envvar="VIDMOCK_WEBHOOK_ALLOW_HOSTS",
    metavar="HOST",
    help="A host (name or address; * for any) api.video's webhooks may call besides this machine "
    "(127.0.0.0/8, ::1, localhost). Repeatable; env VIDMOCK_WEBHOOK_ALLOW_HOSTS, space-separated.",
)
@click.option(
    "--max-tenants",
    envvar="VIDMOCK_MAX_TENANTS",
    default=Config.max_tenants,
    show_default=True,
    type=click.IntRange(min=0),
    help="Tenants (worlds named by Vidmock-Tenant or /t/NAME/) held at once besides default; past it a 503.",
)
@click.option(
    "--tenant-idle",
    envvar="VIDMOCK_TENANT_IDLE",
    default="1h",
    show_default=True,
    callback=parse_idle,
    help="Drop a tenant unused this long (30m, 1h, 2d; the wall clock).",
)
def serve(
    host: str,
    port: int,
    https_port: int | None,
    tls_cert: str | None,
    tls_key: str | None,
    seed: int,
    size: str,
    db_url: str,
    api: str | None,
    now: datetime | None,
    scenario: str | None,
    dev_token: str,
    admin_token: str | None,
    validate_responses: bool,
    max_body_bytes: int,
    max_upload_bytes: int,
    encoding_step: float,
    quiet: bool,
    workers: int,
    faults: tuple[dict[str, Any], ...],
    latency: dict[str, Any] | None,
    webhook_allow_hosts: tuple[str, ...],
    max_tenants: int,
    tenant_idle: float,
) -> None:
    """Start the mock server; a line per request follows the banner unless --quiet."""
    if workers > 1 and is_memory_store(db_url):
        raise click.BadParameter(
            f"{workers} workers cannot share an in-memory store: pass --db sqlite:///path/vidmock.db "
            "(a SQLite file) or --db postgresql://...",
            param_hint="'--workers'",
        )
    tls = tls_files(host, port, https_port, tls_cert, tls_key, workers)
    config = Config(
        seed=seed,
        size=size,
        db_url=db_url,
        api=api,
        now=now,
        dev_token=dev_token,
        admin_token=admin_token,
        validate_responses=validate_responses,
        scenario=scenario,
        max_body_bytes=max_body_bytes,
        max_upload_bytes=max_upload_bytes,
        encoding_step=encoding_step,
        faults=faults,
        latency=latency,
        webhook_allow_hosts=webhook_allow_hosts,
        workers=workers,
        max_tenants=max_tenants,
        tenant_idle=tenant_idle,
        tls_ca_file=None if tls is None or isinstance(tls, OwnTls) else str(tls.ca_file),
    )
    console = Console()
    what = f"scenario {scenario}" if scenario else f"the {size} world (seed {seed})"
    with console.status(f"Loading {what}..."):
        try:
            app = create_app(config)
        except ValueError as exc:
            # A --fault naming an API that --api left out, say.
            raise click.UsageError(str(exc)) from None
    print_banner(console, config, f"http://{host}:{port}", host)
    if tls is not None:
        print_https(console, f"https://{_url_host(host)}:{https_port}", tls)
    freeze_startup_heap()
    if workers > 1:
        # This process only prepared the store; every worker builds its own app and joins it.
        app.world.store.dispose()
        os.environ[workers_mod.CONFIG_VARIABLE] = workers_mod.config_to_text(config)
        if not quiet:
            os.environ[workers_mod.PRINT_VARIABLE] = "1"
        with discovery.announced(discovery.local_url(host, port)):
            uvicorn.run(
                workers_mod.FACTORY, factory=True, workers=workers, host=host, port=port, **UVICORN_WORKERS
            )
        return
    with (
        discovery.announced(discovery.local_url(host, port)),
        contextlib.nullcontext() if quiet else printing_requests(console),
    ):
        served = FrozenOnceStarted(app)
        if tls is None:
            uvicorn.run(served, host=host, port=port, **UVICORN)
            return
        listeners = [{"host": host, "port": port, **UVICORN}]
        listeners.append(
            {
                "host": host,
                "port": https_port,
                **UVICORN,
                "ssl_certfile": str(tls.cert_file),
                "ssl_keyfile": str(tls.key_file),
            }
        )
        serve_together(served, listeners)


def tls_files(
    host: str,
    port: int,
    https_port: int | None,
    cert: str | None,
    key: str | None,
    workers: int,
) -> certificates.LocalTls | OwnTls | None:
    """What HTTPS serves: the local CA's certificate (made or re-issued for `host`), the one
    given by --tls-cert/--tls-key, or None without --https-port. A usage error for the
    combinations that cannot work."""
    if https_port is None:
        if cert or key:
            raise click.UsageError("--tls-cert and --tls-key need --https-port")
        return None
    if workers > 1:
        raise click.UsageError(
            "--https-port serves HTTPS from this one process: it cannot be combined with --workers "
            f"{workers} (put a TLS proxy in front of the workers instead)"
        )
    if https_port == port:
        raise click.BadParameter(f"{https_port} is --port already", param_hint="'--https-port'")
    if (cert is None) != (key is None):
        raise click.UsageError("--tls-cert and --tls-key go together")
    if cert is not None and key is not None:
        return OwnTls(Path(cert), Path(key))
    from vidmock.tls import certificates  # here: `cryptography` loads only for HTTPS

    return certificates.ensure(certificates.needed_names(host))


@dataclass(frozen=True)
class OwnTls:
    """A certificate and key the user brought (--tls-cert/--tls-key)."""

    cert_file: Path
    key_file: Path


def print_https(console: Console, https_url: str, tls: certificates.LocalTls | OwnTls) -> None:
    """Where HTTPS is served and, for the local CA, where its certificate is and how to trust it."""
    say = functools.partial(console.print, soft_wrap=True, highlight=False)
    say(f"\n[bold]HTTPS[/bold]\n  the same APIs and world on {https_url}  (base URLs as above, https://)")
    if isinstance(tls, OwnTls):
        say(f"  certificate: {tls.cert_file} (yours)")
        return
    ca = tls.ca_file
    say(f"  CA certificate: {ca}  (also GET /__admin/tls/ca.pem)")
    say(
        f"  trust it: curl --cacert {ca}; NODE_EXTRA_CA_CERTS={ca}; Chromium "
        f"--ignore-certificate-errors-spki-list={tls.spki_sha256}; or add it to the OS trust store"
    )


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def is_memory_store(db_url: str) -> bool:
    """Whether `db_url` names an in-memory SQLite store (one process only)."""
    return db_url in ("sqlite://", "sqlite:///:memory:") or ":memory:" in db_url


def print_banner(console: Console, config: Config, mock_url: str, host: str = "127.0.0.1") -> None:
    """Every base URL (the one `vidmock contract API --base-url` and the fixture's `client(key)`
    take) and how to authenticate, printed whole (never cropped to the terminal); who may use
    the control API, and a warning when the APIs are reachable from the network."""
    say = functools.partial(console.print, soft_wrap=True, highlight=False)
    say(
        f"[bold]vidmock[/bold] is serving on {mock_url}  (seed {config.seed}, size {config.size}, "
        f"dev token {config.dev_token})"
    )
    if config.workers > 1:
        say(
            f"  {config.workers} workers over {config.db_url}: clock, fault rules, journal and "
            "seed/size/scenario shared through the store"
        )
    apis = [find_api(config.api)] if config.api else all_apis()
    for api in apis:
        say(f"\n[bold]{api.title}[/bold]")
        base = base_urls.base_url(api, mock_url, alone=config.api is not None)
        for mount, url in base_urls.mount_urls(api, base):
            label = f"{mount.title}:" if mount.title else "base URL:"
            say(f"  {label:<14}{url}    (Swagger UI: {url}/ui/)")
        for line in api.credentials(base_urls.vendor_root(api, base) or base):
            say(f"  {line}")
    if config.admin_token is None:
        who = "loopback clients only"
    else:
        who = "loopback clients; other hosts with 'Authorization: Bearer <admin token>'"
    say(f"\n[bold]control API[/bold]\n  base URL:   {mock_url}/__admin   ({who})")
    say(f"  dashboard:  {mock_url}/__admin/ui/    (Swagger UI: {mock_url}/__admin/docs/)")
    say(
        f"  tenants:    header Vidmock-Tenant: NAME or {mock_url}/t/NAME/...  "
        f"(at most {config.max_tenants}, dropped after {config.tenant_idle:g} s unused)"
    )
    if config.faults or config.latency:
        given = config.latency or {}
        latency = "-".join(map(str, given.get("uniform", []))) or given.get("fixed") or given.get("lognormal")
        say(
            f"  faults:     {len(config.faults)} rule(s) from --fault, latency {latency or 'none'}"
            f"  (GET {mock_url}/__admin/faults)"
        )
    if not is_loopback_host(host):
        say(
            f"\n[bold yellow]warning:[/bold yellow] bound to {host}: the vendor APIs, with their development "
            "credentials, are reachable from the network"
        )


def is_loopback_host(host: str) -> bool:
    """Whether binding `host` keeps the server on this machine (`localhost`, 127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
