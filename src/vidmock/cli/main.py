"""The `vidmock` command: its group and the commands it is made of."""

from __future__ import annotations

import click

from vidmock.cli.contract import contract
from vidmock.cli.control import export_command, import_command, scenarios, seed
from vidmock.cli.fidelity import fidelity
from vidmock.cli.serve import serve
from vidmock.storage.heap import resume_collector


@click.group()
@click.version_option(package_name="vidmock")
@click.pass_context
def main(context: click.Context) -> None:
    """vidmock: a stateful mock of video-platform APIs."""
    if context.invoked_subcommand != "serve":
        resume_collector()  # paused for start-up by the console script (`cli.script`)


for command in (serve, scenarios, seed, export_command, import_command, contract, fidelity):
    main.add_command(command)


if __name__ == "__main__":
    main()
