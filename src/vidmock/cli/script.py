"""The `vidmock` console script: the command line, started with the cyclic garbage collector
paused.

Start-up makes some 180,000 objects that live as long as the process (modules, specs and their
validators, the world) and drops almost none of them. The collector's passes over them while they
are being made free nothing and cost about 0.1 s of a 0.7 s `vidmock serve` start (small world).
`serve` turns the collector back on once it has frozen what start-up made
(`storage.heap.freeze_startup_heap`); every other command turns it back on before it runs."""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()
    from vidmock.cli.main import main as command

    command()
