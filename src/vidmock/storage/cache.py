"""The user's cache folder: what vidmock makes once per machine and may throw away at any time
(a seeded world's store, the sample video's renditions)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

VARIABLE = "VIDMOCK_CACHE_DIR"


def cache_root() -> Path:
    """`$VIDMOCK_CACHE_DIR`, else the platform's user cache folder for vidmock
    (`~/.cache/vidmock` on Linux). Not made here: a writer makes what it writes into."""
    return Path(os.environ.get(VARIABLE) or platformdirs.user_cache_dir("vidmock", appauthor=False))
