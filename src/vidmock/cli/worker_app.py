"""`vidmock serve --workers N`: uvicorn starts each worker process afresh, so a worker builds
its app from an import string (`app_from_environment`) and reads the `Config` the command was
given from an environment variable. The command's own process prepares the store once (seeds
it or loads the scenario, stores the clock and fault rules) before the workers start; each
worker then joins that store (`Config.joining`)."""

from __future__ import annotations

import atexit
import dataclasses
import json
import os
from datetime import datetime
from typing import Any

from vidmock.config import Config
from vidmock.storage.heap import FrozenOnceStarted, freeze_startup_heap, pause_collector_for_startup

CONFIG_VARIABLE = "VIDMOCK_WORKER_CONFIG"
# Set to print a line per request from every worker (each prints its own).
PRINT_VARIABLE = "VIDMOCK_WORKER_PRINT"
FACTORY = "vidmock.cli.worker_app:app_from_environment"


def config_to_text(config: Config) -> str:
    """`config` as JSON (the frozen instant as ISO 8601, tuples as lists)."""
    fields = dataclasses.asdict(config)
    fields["now"] = config.now.isoformat() if config.now else None
    return json.dumps(fields)


def config_from_text(text: str) -> Config:
    """The `Config` that `config_to_text` wrote."""
    fields: dict[str, Any] = json.loads(text)
    if fields["now"] is not None:
        fields["now"] = datetime.fromisoformat(fields["now"])
    fields["faults"] = tuple(fields["faults"])
    fields["webhook_allow_hosts"] = tuple(fields["webhook_allow_hosts"])
    return Config(**fields)


def app_from_environment() -> Any:
    """The app of one worker: the Config from `VIDMOCK_WORKER_CONFIG`, joining its store.
    Raises RuntimeError when the variable is not set (the factory was started by hand)."""
    text = os.environ.get(CONFIG_VARIABLE)
    if text is None:
        raise RuntimeError(f"{CONFIG_VARIABLE} is not set: start workers with `vidmock serve --workers N`")
    pause_collector_for_startup()
    from vidmock.app import create_app

    config = dataclasses.replace(config_from_text(text), joining=True)
    app = create_app(config)
    if os.environ.get(PRINT_VARIABLE):
        _print_requests()
    freeze_startup_heap()
    return FrozenOnceStarted(app)


def _print_requests() -> None:
    # For the life of this worker; its lines go to the terminal the command runs in.
    from rich.console import Console

    from vidmock.journal.terminal import printing_requests

    printing = printing_requests(Console())
    printing.__enter__()
    atexit.register(printing.__exit__, None, None, None)
