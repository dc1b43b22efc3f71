"""A real server on a free loopback port, for tests that need real sockets and concurrency:
in a thread (`serving`), or in a forked child (`served_apart`)."""

from __future__ import annotations

import multiprocessing
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from vidmock.testing import serving

__all__ = ["served_apart", "serving"]


def _serve(build: Callable[[], Any], port: int) -> None:
    uvicorn.run(build(), host="127.0.0.1", port=port, log_level="warning", lifespan="off")


@contextmanager
def served_apart(build: Callable[[], Any], timeout: float = 30.0) -> Iterator[str]:
    """Serve `build()` from a forked child on a free loopback port; yield its root URL. A server
    that a contract run writes to (or that was made wrong on purpose) lives in its own process,
    so this one handles no request and the in-process tests keep exactly the state they have alone."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    child = multiprocessing.get_context("fork").Process(target=_serve, args=(build, port), daemon=True)
    child.start()
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or not child.is_alive():
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        child.terminate()
        child.join(10)
