"""The `vidmock` command: its group and the commands it is made of."""

from __future__ import annotations

import gc

import click

from vidmock.cli.contract import contract
from vidmock.cli.control import export_command, import_command, scenarios, seed
from vidmock.cli.fidelity import fidelity
from vidmock.cli.serve import serve


@click.group()
@click.version_option(package_name="vidmock")
@click.pass_context
def main(context: click.Context) -> None:
    """vidmock: a stateful mock of video-platform APIs."""
    if context.invoked_subcommand != "serve":
        gc.enable()  # paused for start-up by the console script (`cli.script`)


for command in (serve, scenarios, seed, export_command, import_command, contract, fidelity):
    main.add_command(command)


if __name__ == "__main__":
    main()
