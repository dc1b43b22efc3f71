"""`vidmock contract`: Schemathesis runs of vidmock's specs against a served mock or a real deployment."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click
from rich.console import Console

from vidmock.cli.options import check_api_key, parse_phases
from vidmock.contract import mock_state
from vidmock.contract.console import after_run, say_target
from vidmock.contract.credentials import Credentials
from vidmock.contract.profiles import profile, profiles
from vidmock.contract.report import print_summary, verdict, write_report
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
@click.option(
    "--report",
    "reports",
    nargs=2,
    multiple=True,
    metavar="KIND PATH",
    help=f"Write a report ({', '.join(REPORTS)}) to PATH (html: a folder; coverage: JSON); repeat for more.",
)
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
    reports: tuple[tuple[str, str], ...],
    max_examples: int,
    seed: int | None,
    phases: tuple[str, ...],
    workers: int,
    keep_changes: bool,
    **given: str | None,
) -> None:
    """Contract-test API (or --all) at --base-url against vidmock's specs.

    The base URL is probed first: when nothing answers there, or nothing answers the spec's
    paths (NOT FOUND — is --base-url right?), the spec is not run. An operation that answers
    nothing but 404, a phase whose calls got no answer and rejected credentials fail the run.
    The last line gives the counts and the exit code: 0 when clean, 1 on failures, errors or a
    store that could not be restored, 2 on usage errors."""
    if every == (api is not None):
        raise click.UsageError("name one API, or pass --all")
    creds = Credentials(**given)
    if every and creds.given():
        raise click.UsageError("--all uses each vendor's development credentials; name one API to pass yours")
    for kind, _path in reports:
        if kind not in REPORTS:
            raise click.BadParameter(f"'{kind}' is not one of {', '.join(REPORTS)}", param_hint="--report")
    chosen = profiles() if every else [profile(api)]  # type: ignore[arg-type]
    options = Options(max_examples=max_examples, seed=seed, phases=phases, workers=workers)
    console = Console(width=160, highlight=False)
    with console.status("Looking for vidmock's control API..."):
        target = mock_state.guard(base_url, snapshot=not keep_changes)
    say_target(console, target, keep_changes)
    # Schemathesis writes its reports and the run its records here; what --report names is
    # copied out before the folder goes.
    with tempfile.TemporaryDirectory(prefix="vidmock-contract-") as workdir:
        with console.status("Contract run starting...") as status:

            def notify(key: str, line: str) -> None:
                console.print(f"[bold]{key}[/] {line}", markup=True, soft_wrap=True)
                status.update(f"{key}: {line}")

            given_creds = creds if creds.given() else None
            run_url = target.url(base_url)
            result = run_contract(chosen, run_url, given_creds, options, every, notify, Path(workdir))
        print_summary(console, result)
        for kind, path in reports:
            written = write_report(kind, Path(path), result)
            console.print(f"{kind} report: {written.resolve()}", soft_wrap=True)
    restored = after_run(console, target, result, keep_changes)
    console.print(verdict(result, restored), soft_wrap=True, markup=False)
    raise SystemExit(1 if result.failed or not restored else 0)
