"""The user's cache folder: what vidmock makes once per machine and may throw away at any time
(a seeded world's store, the sample video's renditions)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import platformdirs

VARIABLE = "VIDMOCK_CACHE_DIR"


def cache_root() -> Path:
    """`$VIDMOCK_CACHE_DIR`, else the platform's user cache folder for vidmock
    (`~/.cache/vidmock` on Linux). Not made here: a writer makes what it writes into."""
    return Path(os.environ.get(VARIABLE) or platformdirs.user_cache_dir("vidmock", appauthor=False))


def write_at_once(path: Path, data: bytes) -> None:
    """Write `data` to `path`, put in place at once (a reader in another process sees all of it
    or nothing); a cache folder that cannot be written is no error: the next reader makes it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        staging.write_bytes(data)
        staging.replace(path)
    except OSError:
        pass
