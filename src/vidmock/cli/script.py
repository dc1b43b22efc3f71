"""The `vidmock` console script: the command line, started with the cyclic garbage collector
paused for start-up (`storage.heap`: `serve` turns it on again when it freezes what start-up
made, every other command before it runs)."""

from __future__ import annotations

from vidmock.cli.deferred_imports import deferred_imports
from vidmock.storage.heap import pause_collector_for_startup


def main() -> None:
    pause_collector_for_startup()
    with deferred_imports():
        from vidmock.cli.main import main as command

    command()
