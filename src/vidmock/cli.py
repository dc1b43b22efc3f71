"""The `vidmock` command: a thin click layer over functions tests call directly."""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click
import uvicorn
from rich.console import Console
from rich.progress import Progress, wrap_file
from rich.table import Table

from vidmock import base_urls
from vidmock import workers as workers_mod
from vidmock.apis import all_apis, find_api
from vidmock.app import create_app
from vidmock.config import SIZES, Config
from vidmock.contract import mock_state
from vidmock.contract.console import after_run, say_target
from vidmock.contract.credentials import Credentials
from vidmock.contract.profiles import profile, profiles
from vidmock.contract.report import print_summary, write_report
from vidmock.contract.runner import PHASES, REPORTS, Options, run_contract
from vidmock.control_client import ControlApi, ControlApiError
from vidmock.faults.compact import parse_compact_delay, parse_compact_fault
from vidmock.faults.delays import parse_delay
from vidmock.faults.problems import RuleError
from vidmock.faults.rules import parse_rule
from vidmock.heap import freeze_startup_heap
from vidmock.journal.terminal import printing_requests
from vidmock.scenarios import find_scenario, list_scenarios


def _instant(_ctx, _param, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not an ISO 8601 date-time") from None
    if parsed.tzinfo is None:
        raise click.BadParameter(f"'{value}' needs an offset, e.g. {value}Z")
    return parsed


def _phases(_ctx, _param, value: str) -> tuple[str, ...]:
    chosen = tuple(p.strip() for p in value.split(",") if p.strip())
    unknown = [p for p in chosen if p not in PHASES]
    if unknown or not chosen:
        raise click.BadParameter(f"choose from {', '.join(PHASES)}")
    return chosen


def _api_key(_ctx, _param, value: str | None) -> str | None:
    if value is not None:
        try:
            find_api(value)
        except KeyError as exc:
            raise click.BadParameter(str(exc.args[0])) from None
    return value


def _scenario(_ctx, _param, value: str | None) -> str | None:
    if value is not None:
        try:
            find_scenario(value)
        except KeyError as exc:
            raise click.BadParameter(str(exc.args[0])) from None
    return value


def _faults(_ctx, _param, values: tuple[str, ...]) -> tuple[dict[str, Any], ...]:
    rules = []
    keys = [api.key for api in all_apis()]
    for text in values:
        try:
            rule = parse_compact_fault(text)
            parse_rule(rule, keys)
        except RuleError as exc:
            where = f" ({exc.pointer})" if exc.pointer else ""
            raise click.BadParameter(f"'{text}'{where}: {exc.problem}") from None
        rules.append(rule)
    return tuple(rules)


def _latency(_ctx, _param, value: str | None) -> dict[str, Any] | None:
    if value is None:
        return None
    delay = parse_compact_delay(value)
    try:
        parse_delay(delay, "")
    except RuleError as exc:
        raise click.BadParameter(f"'{value}': {exc.problem} (e.g. 100ms or 50-300ms)") from None
    return delay


@click.group()
@click.version_option(package_name="vidmock")
def main() -> None:
    """vidmock: a stateful mock of video-platform APIs."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
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
    "--api", default=None, callback=_api_key, help="Serve only this API, at its bare base path (e.g. /v1)."
)
@click.option(
    "--now",
    default=None,
    callback=_instant,
    help="Freeze the clock at this ISO 8601 instant (default: the wall clock).",
)
@click.option(
    "--scenario",
    default=None,
    callback=_scenario,
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
    callback=_faults,
    metavar="'API:TARGET=EFFECT'",
    help="A fault rule, e.g. 'apivideo:POST /videos=503 retry-after 5 times 2' or 'jtv:*=delay 2s' "
    "(README: Test your app's error handling). Repeatable.",
)
@click.option(
    "--latency",
    default=None,
    callback=_latency,
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
def serve(
    host: str,
    port: int,
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
) -> None:
    """Start the mock server; a line per request follows the banner unless --quiet."""
    if workers > 1 and is_memory_store(db_url):
        raise click.BadParameter(
            f"{workers} workers cannot share an in-memory store: pass --db sqlite:///path/vidmock.db "
            "(a SQLite file) or --db postgresql://...",
            param_hint="'--workers'",
        )
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
    if workers > 1:
        # This process only prepared the store; every worker builds its own app and joins it.
        app.world.store.dispose()
        os.environ[workers_mod.CONFIG_VARIABLE] = workers_mod.config_to_text(config)
        if not quiet:
            os.environ[workers_mod.PRINT_VARIABLE] = "1"
        uvicorn.run(
            workers_mod.FACTORY, factory=True, workers=workers, host=host, port=port, log_level="warning"
        )
        return
    freeze_startup_heap()
    with contextlib.nullcontext() if quiet else printing_requests(console):
        uvicorn.run(app, host=host, port=port, log_level="warning")


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


@main.command()
def scenarios() -> None:
    """List the scenarios, with what each shows a tester."""
    table = Table(title="vidmock scenarios", show_lines=True)
    table.add_column("name", no_wrap=True)
    table.add_column("what a tester sees")
    for info in list_scenarios():
        table.add_row(info.name, info.description)
    Console().print(table)


URL = click.option(
    "--url",
    envvar="VIDMOCK_URL",
    default="http://127.0.0.1:8000",
    show_default=True,
    help="The running mock's root URL (env VIDMOCK_URL).",
)
ADMIN_TOKEN = click.option(
    "--admin-token",
    envvar="VIDMOCK_ADMIN_TOKEN",
    default=None,
    help="Sent as a bearer token, for a mock on another host (env VIDMOCK_ADMIN_TOKEN).",
)


@main.command()
@URL
@ADMIN_TOKEN
@click.option("--scenario", required=True, help="The scenario to load (see `vidmock scenarios`).")
def seed(url: str, admin_token: str | None, scenario: str) -> None:
    """Replace a running mock's store with a scenario."""
    with Console(stderr=True).status(f"Loading scenario {scenario}..."):
        answer = call(url, "POST", f"/scenarios/{scenario}", admin_token=admin_token)
    for api, counts in answer["counts"].items():
        shown = ", ".join(f"{n} {name}" for name, n in counts.items() if n)
        click.echo(f"{api}: {shown or 'empty'}")


@main.command(name="export")
@URL
@ADMIN_TOKEN
def export_command(url: str, admin_token: str | None) -> None:
    """Write a running mock's whole store to standard output as JSON."""
    with Console(stderr=True).status("Exporting..."):
        answer = call(url, "GET", "/export", admin_token=admin_token)
    json.dump(answer, sys.stdout)
    sys.stdout.write("\n")


@main.command(name="import")
@URL
@ADMIN_TOKEN
@click.argument("snapshot", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
def import_command(url: str, admin_token: str | None, snapshot: str) -> None:
    """Replace a running mock's whole store with SNAPSHOT (from `vidmock export`; `-` reads stdin)."""
    if snapshot == "-":
        data = sys.stdin.buffer.read()
    else:
        size = Path(snapshot).stat().st_size
        with open(snapshot, "rb") as handle, wrap_file(handle, size, description="Reading") as reading:
            data = reading.read()
    with Progress(transient=True, console=Console(stderr=True)) as progress:
        progress.add_task("Importing", total=None)
        answer = call(url, "POST", "/import", data, admin_token=admin_token)
    rows = sum(answer["counts"].values())
    click.echo(f"imported {rows} rows into {len(answer['counts'])} tables")


def call(
    url: str, method: str, path: str, body: bytes | None = None, *, admin_token: str | None = None
) -> Any:
    """One control API call; a refusal or an unreachable mock ends the command with its reason
    (the problem's detail, and the JSON pointer or parameter it names)."""
    try:
        return ControlApi.of(url, admin_token).json(method, path, body)
    except ControlApiError as exc:
        if exc.status is None:
            raise click.ClickException(f"cannot reach {url}: {exc.detail}") from None
        raise click.ClickException(f"{exc.status}: {exc.detail}") from None


BASE_URL_HELP = (
    "The API's base URL, the one `vidmock serve` prints and its spec's paths follow: "
    "http://127.0.0.1:8000/ibm-analytics/v1, .../nomad/api, .../syngrafii/api/v1, and for api.video and "
    "JTV (whose paths carry their versions) .../apivideo and .../jtv. IBM's OAuth server is tested beside "
    "it (/v1 swapped for /oauth2); --token-url moves only the token flow. With --all: the root of a mock "
    "serving every API (e.g. http://127.0.0.1:8000)."
)


@main.command()
@click.argument("api", required=False, callback=_api_key)
@click.option("--all", "every", is_flag=True, help="Every vendor of a served mock; --base-url is its root.")
@click.option("--base-url", required=True, help=BASE_URL_HELP)
@click.option("--token", default=None, help="A bearer/JWT token, sent as the vendor expects it.")
@click.option("--client-id", default=None, help="With --client-secret: run the vendor's token flow first.")
@click.option("--client-secret", default=None)
@click.option("--api-key", default=None, help="api.video (traded for a token) and Syngrafii.")
@click.option("--username", default=None, help="With --password: Nomad's login flow.")
@click.option("--password", default=None)
@click.option("--token-url", default=None, help="Where the token flow runs, if not beside the API.")
@click.option("--max-examples", default=50, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--seed", default=None, type=click.IntRange(0, 2**63 - 1), help="Reproduce a run.")
@click.option(
    "--phases",
    default=",".join(PHASES),
    show_default=True,
    callback=_phases,
    help="Comma-separated Schemathesis phases.",
)
@click.option("--report", "report", nargs=2, default=None, metavar="junit|html|markdown PATH")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--keep-changes",
    is_flag=True,
    help="Against a served vidmock, keep what the run wrote (by default its store is exported before "
    "the run and imported back after; VIDMOCK_ADMIN_TOKEN is sent to its control API when set).",
)
def contract(
    api: str | None,
    every: bool,
    base_url: str,
    report: tuple[str, str] | None,
    max_examples: int,
    seed: int | None,
    phases: tuple[str, ...],
    workers: int,
    keep_changes: bool,
    **given: str | None,
) -> None:
    """Contract-test API (or --all) at --base-url against vidmock's specs.

    An operation that answers nothing but 404, as to a path that is not routed, fails the run
    (NOT FOUND — is --base-url right?), as do rejected credentials. Exit 0 when clean, 1 on
    failures or a store that could not be restored, 2 on usage errors."""
    if every == (api is not None):
        raise click.UsageError("name one API, or pass --all")
    creds = Credentials(**given)
    if every and creds.given():
        raise click.UsageError("--all uses each vendor's development credentials; name one API to pass yours")
    if report is not None and report[0] not in REPORTS:
        raise click.BadParameter(f"'{report[0]}' is not one of {', '.join(REPORTS)}", param_hint="--report")
    chosen = profiles() if every else [profile(api)]  # type: ignore[arg-type]
    options = Options(max_examples=max_examples, seed=seed, phases=phases, workers=workers)
    console = Console(width=160, highlight=False)
    with console.status("Looking for vidmock's control API..."):
        target = mock_state.guard(base_url, snapshot=not keep_changes)
    say_target(console, target, keep_changes)
    with console.status("Contract run starting...") as status:

        def notify(key: str, line: str) -> None:
            console.print(f"[bold]{key}[/] {line}", markup=True, soft_wrap=True)
            status.update(f"{key}: {line}")

        result = run_contract(chosen, base_url, creds if creds.given() else None, options, every, notify)
    for run in result.runs:
        if run.exit_code != 0:
            click.echo(run.output)
    print_summary(console, result)
    if report is not None:
        written = write_report(report[0], Path(report[1]), result)
        console.print(f"{report[0]} report: {written}")
    restored = after_run(console, target, result, keep_changes)
    raise SystemExit(1 if result.failed or not restored else 0)


if __name__ == "__main__":
    main()
