"""A throwaway PostgreSQL server for the tests: Debian's binaries, a cluster in a temporary
directory, listening on 127.0.0.1 at a free port, gone when `stop()` returns.

PostgreSQL refuses to run as root, and CI runs as root: then the cluster belongs to the
`postgres` OS user (created by Debian's package) and every server binary runs through
`runuser`. Anyone else runs the binaries as themselves.

The cluster's default collation is ICU's `en-US` on purpose: a real server rarely sorts text
byte by byte as SQLite does, and the mock must answer the same on either.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg

SERVER_USER = "postgres"
# Durability is worth nothing to a cluster that is deleted at the end of the run.
FAST_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=200")


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine (Debian: `apt-get install postgresql`)."""


def server_bin_dir() -> Path:
    """The newest `/usr/lib/postgresql/<major>/bin` holding `initdb`."""
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if not found:
        raise PostgresUnavailable(
            "no /usr/lib/postgresql/*/bin/initdb: install Debian's postgresql package (make test does)"
        )
    newest = max(found, key=lambda p: int(re.search(r"/postgresql/(\d+)/", p).group(1)))
    return Path(newest).parent


class PostgresServer:
    """One cluster. `database()` hands out a fresh, empty database per call."""

    def __init__(self) -> None:
        self.bin = server_bin_dir()
        self.as_root = os.geteuid() == 0
        self.root = Path(tempfile.mkdtemp(prefix="vidmock-pg-"))
        self.data = self.root / "data"
        self.port = 0
        self._count = 0

    def start(self) -> PostgresServer:
        if self.as_root:
            account = pwd.getpwnam(SERVER_USER)
            os.chown(self.root, account.pw_uid, account.pw_gid)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SERVER_USER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--locale-provider=icu",
            "--icu-locale=en-US",
            "--no-sync",
        )
        self.port = _free_port()
        options = " ".join(
            [
                "-c listen_addresses=127.0.0.1",
                f"-p {self.port}",
                f"-k {self.root}",  # its unix socket stays inside the throwaway directory
                *(f"-c {setting}" for setting in FAST_SETTINGS),
            ]
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-o", options, "-w", "start"
        )
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SERVER_USER}@127.0.0.1:{self.port}/{database}"

    def database(self, template: str | None = None) -> str:
        """Creates a database, empty or a copy of the database whose URL is `template` (which
        nobody may be connected to); returns its URL."""
        self._count += 1
        name = f"vidmock_{self._count}"
        source = f' TEMPLATE "{template.rsplit("/", 1)[1]}" STRATEGY FILE_COPY' if template else ""
        self.execute(f'CREATE DATABASE "{name}"{source}')
        return self.url(name)

    def drop(self, url: str) -> None:
        """Drops the database of `url`, closing whatever connections are still open on it."""
        self.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')

    def execute(self, sql: str) -> None:
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql)

    def stop(self) -> None:
        try:
            if self.data.exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self.as_root:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.root, check=False)
        if done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr or done.stdout}\n{tail}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
