"""Where the control commands (`seed`, `export`, `import`) find the mock: the one `vidmock
serve` on this machine started last and still runs, unless `--url` or `VIDMOCK_URL` says.

`serve` writes `{"url", "pid"}` to `serving.json` in the user's state folder (platformdirs:
`~/.local/state/vidmock` on Linux; `$VIDMOCK_STATE_DIR` instead when set) and removes it when it
stops. A file whose process is gone (killed, the machine restarted) is ignored.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import platformdirs

FALLBACK = "http://127.0.0.1:8000"


def serving_file() -> Path:
    root = os.environ.get("VIDMOCK_STATE_DIR") or platformdirs.user_state_dir("vidmock", appauthor=False)
    return Path(root) / "serving.json"


@contextmanager
def announced(url: str) -> Iterator[None]:
    """While the block runs, `url` is where this process serves the mock."""
    path = serving_file()
    mine = {"url": url, "pid": os.getpid()}
    with suppress(OSError):  # a read-only home: the commands then need --url
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = path.with_name(f".{path.name}.{os.getpid()}")
        staging.write_text(json.dumps(mine))
        staging.replace(path)
    try:
        yield
    finally:
        with suppress(OSError, ValueError):
            if json.loads(path.read_text()) == mine:  # a later serve took over: leave its file
                path.unlink()


def default_url() -> str:
    """The URL of the mock `vidmock serve` last started that still runs, else 127.0.0.1:8000."""
    try:
        found = json.loads(serving_file().read_text())
        os.kill(int(found["pid"]), 0)  # signal 0: only asks whether the process exists
        return str(found["url"])
    except (OSError, ValueError, KeyError, TypeError):
        return FALLBACK


def local_url(host: str, port: int) -> str:
    """The URL a command on this machine reaches `host:port` by (a wildcard is served on loopback)."""
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
