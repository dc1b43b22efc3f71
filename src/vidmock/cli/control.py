"""The commands that talk to a running mock's control API: `scenarios`, `seed`, `export`, `import`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import Progress, wrap_file
from rich.table import Table

from vidmock.admin.client import ControlApi, ControlApiError
from vidmock.cli import discovery
from vidmock.scenarios import list_scenarios


@click.command()
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
    default=discovery.default_url,
    show_default="the mock `vidmock serve` last started here, else http://127.0.0.1:8000",
    help="The running mock's root URL (env VIDMOCK_URL).",
)


ADMIN_TOKEN = click.option(
    "--admin-token",
    envvar="VIDMOCK_ADMIN_TOKEN",
    default=None,
    help="Sent as a bearer token, for a mock on another host (env VIDMOCK_ADMIN_TOKEN).",
)


@click.command()
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


@click.command(name="export")
@URL
@ADMIN_TOKEN
def export_command(url: str, admin_token: str | None) -> None:
    """Write a running mock's whole store to standard output as JSON."""
    with Console(stderr=True).status("Exporting..."):
        answer = call(url, "GET", "/export", admin_token=admin_token)
    json.dump(answer, sys.stdout)
    sys.stdout.write("\n")


@click.command(name="import")
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
