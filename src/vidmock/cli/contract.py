"""`vidmock contract`: Schemathesis runs of vidmock's specs against a served mock or a real deployment."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from vidmock.cli.options import check_api_key, parse_phases
from vidmock.contract import mock_state
from vidmock.contract.console import after_run, say_target
from vidmock.contract.credentials import Credentials
from vidmock.contract.profiles import profile, profiles
from vidmock.contract.report import print_summary, write_report
from vidmock.contract.runner import PHASES, REPORTS, Options, run_contract

BASE_URL_HELP = (
    "The API's base URL, the one `vidmock serve` prints and its spec's paths follow: "
    "http://127.0.0.1:8000/ibm-analytics/v1, .../nomad/api, .../syngrafii/api/v1, and for api.video and "
    "JTV (whose paths carry their versions) .../apivideo and .../jtv. IBM's OAuth server is tested beside "
    "it (/v1 swapped for /oauth2); --token-url moves only the token flow. With --all: the root of a mock "
    "serving every API (e.g. http://127.0.0.1:8000)."
)


@click.command()
@click.argument("api", required=False, callback=check_api_key)
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
    callback=parse_phases,
    help="Comma-separated Schemathesis phases.",
)
@click.option("--report", "report", nargs=2, default=None, metavar="junit|html|markdown PATH")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--keep-changes",
    is_flag=True,
    help="Against a served vidmock, write to its default world and keep what the run wrote (by default "
    "the run has a tenant of its own, dropped after it; a vidmock serving no tenants has its store "
    "exported before the run and imported back after; VIDMOCK_ADMIN_TOKEN is sent to its control "
    "API when set).",
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

        run_url = target.url(base_url)
        result = run_contract(chosen, run_url, creds if creds.given() else None, options, every, notify)
    for run in result.runs:
        if run.exit_code != 0:
            click.echo(run.output)
    print_summary(console, result)
    if report is not None:
        written = write_report(report[0], Path(report[1]), result)
        console.print(f"{report[0]} report: {written}")
    restored = after_run(console, target, result, keep_changes)
    raise SystemExit(1 if result.failed or not restored else 0)
