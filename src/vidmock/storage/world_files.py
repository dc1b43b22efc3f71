"""Seeded worlds kept as SQLite files in the user's cache folder (vidmock.storage.cache).

Seeding is deterministic: the same seed, size and clock instant, seeded by the same code, give
the same rows. And seeding reads the instant only as an origin, so a world seeded at a whole
second can be moved to any other whole second of its year (vidmock.storage.instants). The
first start of a world writes its store to a file named by a hash of all of those (the code
as every source file of the package, byte for byte, so a changed seeder or table never reads
an old file) and by the second it was seeded at. Later starts copy the file into memory with
SQLite's backup API and move it to their own instant: a medium world in about 0.15 s,
where seeding it takes about a second. An instant with a fraction of a second
(a frozen clock's, given so) gets a file of its own and is never moved."""

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
from vidmock.storage import instants
from vidmock.storage.cache import cache_root
from vidmock.storage.copies import load_file, write_file
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


def _folder() -> Path:
    return cache_root() / FOLDER


def _stem(seed: int, size: str, now: datetime) -> str:
    """The name of the files of the world of `seed` and `size` that can be moved to `now`."""
    code = _code_fingerprint()
    when = now.isoformat() if now.microsecond else now.year
    parts = [vidmock.__version__, code, sqlite3.sqlite_version, seed, size, when]
    key = hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:24]
    return f"{code[:12]}-{size}-{seed}-{key}"


def load(store: Store, seed: int, size: str, now: datetime) -> bool:
    """Replace the in-memory `store`'s whole database with the kept world of `seed` and `size`,
    moved to `now`; False when there is none (or it cannot be read: another process may be
    writing one, under its final name only once complete, so a file present is whole)."""
    stem = _stem(seed, size, now)
    for path in sorted(_folder().glob(f"{stem}@*.sqlite")):
        seeded_at = int(path.stem.rsplit("@", 1)[1])
        try:
            load_file(store, path)
        except sqlite3.Error:
            continue
        moved = int(now.timestamp()) - seeded_at
        if moved:
            with store.begin() as conn:
                instants.move(conn, moved)
        return True
    return False


def world_file(seed: int, size: str, now: datetime) -> Path:
    """The file the world of `seed` and `size` seeded at `now` is kept in (whether or not it is)."""
    return _folder() / f"{_stem(seed, size, now)}@{int(now.timestamp())}.sqlite"


def keep(store: Store, seed: int, size: str, now: datetime) -> None:
    """Keep the in-memory `store`, just seeded with `seed` and `size` at `now`, as a file put in
    place at once; a cache folder that cannot be written leaves nothing behind and is no error
    (the next start seeds again)."""
    path = world_file(seed, size, now)
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
