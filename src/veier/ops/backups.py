"""Backing up and restoring the database, for SQLite and PostgreSQL.

SQLite uses its online backup API, which copies a consistent snapshot while the site keeps
running, and the same API in reverse to restore into the live database file. PostgreSQL uses
pg_dump's custom format (compressed, restorable object by object) and pg_restore with --clean
--if-exists in a single transaction, so a failed restore leaves the database as it was.
Connection details come from DATABASE_URL, i.e. Django's own settings.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

SQLITE_HEADER = b"SQLite format 3\x00"
PG_HEADER = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is one line for the operator."""


def engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def backup(path: Path) -> str:
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise BackupError(f"the folder {path.parent} does not exist")
    if engine() == "sqlite":
        _sqlite_backup(path)
    else:
        _pg_run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", f"--file={path}"])
    return engine()


def restore(path: Path) -> str:
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"no backup file at {path}")
    head = path.read_bytes()[:16]
    if engine() == "sqlite":
        if not head.startswith(SQLITE_HEADER):
            raise BackupError(f"{path} is not an SQLite backup")
        _sqlite_restore(path)
    else:
        if not head.startswith(PG_HEADER):
            raise BackupError(f"{path} is not a pg_dump custom-format backup (made by `veier backup`)")
        connection.close()
        _pg_run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
                               "--exit-on-error", str(path)], database_flag=True)
    connection.close()
    return engine()


def _sqlite_backup(path: Path) -> None:
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        with target:
            connection.connection.backup(target)
    finally:
        target.close()


def _sqlite_restore(path: Path) -> None:
    connection.close()
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _pg_run(tool: str, arguments: list[str], *, database_flag: bool = False) -> None:
    program = shutil.which(tool)
    if program is None:
        raise BackupError(f"{tool} is not installed: install the PostgreSQL client tools (apt-get install "
                          "postgresql-client), in the same major version as the server")
    settings = connection.settings_dict
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    options = [f"--dbname={settings['NAME']}"] if database_flag else []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            options.append(f"{flag}={settings[key]}")
    command = [program, *options, *arguments]
    if not database_flag:
        command.append(str(settings["NAME"]))
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
        raise BackupError(f"{tool} failed: {lines[-1] if lines else 'exit code ' + str(result.returncode)}")
