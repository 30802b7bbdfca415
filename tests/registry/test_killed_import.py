"""A real `veier import-brreg` process killed mid-file, then run again, equals one clean import.

The import runs in its own process against its own SQLite file, as an operator would run it; the test
waits until some batches are committed, sends SIGKILL (no clean-up code runs), re-runs the import to
completion and compares every stored field with a fresh database that imported the file once.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.registry.conftest import unit, valid_numbers, write_bulk

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="runs its own SQLite databases in subprocesses, whatever the suite's engine: the SQLite pass covers it",
)

UNITS = 40_000
TEST_ONLY = {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "DATABASE_URL"}


def veier(database: Path, *args: str, **kwargs) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    env.update(DEBUG="1", DATABASE_URL=f"sqlite:///{database}")
    return subprocess.Popen([sys.executable, "-m", "veier", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def finished(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err[-2000:]
    return out


def stored_units(database: Path) -> int:
    try:
        with sqlite3.connect(database, timeout=10) as connection:
            return connection.execute("SELECT count(*) FROM registry_registryunit").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def table(database: Path) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(registry_registryunit)")
                   if row[1] not in {"id", "imported_at", "updated_at", "created_at"}]
        return connection.execute(
            f"SELECT {', '.join(columns)} FROM registry_registryunit ORDER BY orgnr").fetchall()


@pytest.fixture(scope="module")
def bulk_file(tmp_path_factory) -> Path:
    units = [unit(orgnr, f"VEKST {n} AS") for n, orgnr in enumerate(valid_numbers(UNITS))]
    return write_bulk(tmp_path_factory.mktemp("brreg") / "enheter_alle.json.gz", units)


def test_a_killed_import_run_again_equals_one_clean_import(tmp_path, bulk_file):
    killed, clean = tmp_path / "killed.sqlite3", tmp_path / "clean.sqlite3"
    finished(veier(killed, "migrate", "--no-input"))
    finished(veier(clean, "migrate", "--no-input"))

    process = veier(killed, "import-brreg", str(bulk_file), "--batch-size", "500", start_new_session=True)
    deadline = time.monotonic() + 120
    while stored_units(killed) == 0 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the importer and its reader process, without warning
    process.communicate()
    partly = stored_units(killed)
    assert 0 < partly < UNITS, f"the kill should land mid-file, but {partly} of {UNITS} units were stored"

    finished(veier(killed, "import-brreg", str(bulk_file)))
    finished(veier(clean, "import-brreg", str(bulk_file)))

    assert stored_units(killed) == UNITS
    assert table(killed) == table(clean)
