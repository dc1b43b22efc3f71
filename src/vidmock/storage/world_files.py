"""Seeded worlds kept as SQLite files in the user's cache folder (vidmock.storage.cache).

Seeding is deterministic: the same seed, size and clock instant, seeded by the same code, give
the same rows. So the first start of a world writes its store to a file named by a hash of all
of those (the code as every source file of the package, byte for byte, so a changed seeder or
table never reads an old file), and later starts copy the file into memory with SQLite's backup
API: a medium world in tens of milliseconds, where seeding it takes about a second.

A world seeded around the wall clock (no frozen instant) is a new world at every start, so it
is seeded and never kept."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
from datetime import datetime
from functools import cache
from pathlib import Path

import vidmock
from vidmock.storage.cache import cache_root
from vidmock.storage.copies import write_file
from vidmock.storage.store import Store

FOLDER = "worlds"
# How many world files the folder keeps (the newest); a medium world's weighs about 30 MB.
KEEP_FILES = 12


@cache
def _code_fingerprint() -> str:
    """A hash of every Python source of the installed package (about 8 ms, once per process)."""
    digest = hashlib.sha256()
    root = Path(vidmock.__file__).parent
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def world_file(seed: int, size: str, now: datetime) -> Path:
    """Where the world of `seed` and `size` seeded around `now` is kept (whether or not it is)."""
    code = _code_fingerprint()
    parts = [vidmock.__version__, code, sqlite3.sqlite_version, seed, size, now.isoformat()]
    key = hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:24]
    return cache_root() / FOLDER / f"{code[:12]}-{size}-{seed}-{key}.sqlite"


def load_into(store: Store, path: Path) -> bool:
    """Replace the in-memory `store`'s whole database with the file's; False when there is no
    such file (or it cannot be read: another process may be writing it under its final name
    only once complete, so a file present is whole)."""
    try:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        with store.engine.connect() as conn:
            source.backup(conn.connection.driver_connection)
        return True
    except sqlite3.Error:
        return False
    finally:
        source.close()


def keep(store: Store, path: Path) -> None:
    """Write the in-memory `store` to `path`, put in place at once; a cache folder that cannot be
    written leaves nothing behind and is no error (the next start seeds again)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, staging = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".sqlite")
        os.close(handle)
    except OSError:
        return
    try:
        write_file(store, staging)
        os.replace(staging, path)
    except (OSError, sqlite3.Error):
        Path(staging).unlink(missing_ok=True)
        return
    _prune(path)


def _prune(kept: Path) -> None:
    """Remove the files other code wrote (never read again) and all but the newest `KEEP_FILES`."""
    code = kept.name.split("-", 1)[0]
    try:
        files = sorted(kept.parent.glob("*.sqlite"), key=lambda f: f.stat().st_mtime, reverse=True)
        stale = [f for f in files if not f.name.startswith(code + "-")]
        current = [f for f in files if f.name.startswith(code + "-")]
        for path in stale + current[KEEP_FILES:]:
            path.unlink(missing_ok=True)
    except OSError:  # another process pruned the same file first
        pass
