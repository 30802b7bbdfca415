"""Importing Enhetsregisteret's bulk file into RegistryUnit: batched, idempotent upserts.

bulkfile.py reads the file and maps each unit; this module writes. Each batch is written in
its own transaction as an upsert keyed on the organisation number. Before writing, the batch's
content hashes are compared with the stored ones, so a nightly re-import writes only the units
that changed. Because every batch is an upsert, an import that stops half-way (a truncated
download, a killed process) and is then run to completion leaves the table exactly as one
uninterrupted import would.

The upsert is one `INSERT … ON CONFLICT (orgnr) DO UPDATE` statement that both SQLite and
PostgreSQL understand, fed by `executemany` on SQLite and by COPY into a temporary table on
PostgreSQL. QuerySet.bulk_create(update_conflicts=True) gives the same result, but measured on
the full register it spent 150–250 µs per unit building model instances and SQL, which alone
would take 3–5 minutes for 1.2 million units; these statements take a fraction of that.

Two processes: a file big enough to be worth it is read, parsed, mapped and hashed by a child
process (bulkfile.read_into_pipe) while this process compares and writes, so the import uses
two cores. Batches travel marshalled over a pipe, which holds about one batch, so at most a few
batches are in memory at a time. A
damaged file is reported as in one process: the batches before the damage are committed, and
the message names the file, the position and how many units were imported.

On SQLite the import's own connection runs with `synchronous=OFF` and a larger page cache while
it imports (restored afterwards): each batch is still its own transaction, and a crash of the
machine can at worst lose the last batches, which re-running the import restores.
"""

from __future__ import annotations

import fcntl
import marshal
import multiprocessing
import os
import time
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from veier.registry.bulkfile import VALUE_FIELDS, Batch, BulkFile, BulkFileError, read_into_pipe, spaced
from veier.registry.models import OrganisationForm, RegistryUnit

__all__ = ["BATCH_SIZE", "BulkFileError", "ImportStats", "import_bulk_file"]

BATCH_SIZE = 5000
# SQLite allows 999 parameters per statement, so existing rows are looked up in chunks.
LOOKUP_CHUNK = 900
# Columns in the order of a written row: the key, the values, then the bookkeeping.
ROW_FIELDS = ("orgnr", *VALUE_FIELDS, "content_hash", "absent_since", "updated_at")
# A file at least this big (on disk) is read by a child process; for a smaller one, starting it costs more.
PARALLEL_MIN_BYTES = 2 * 1024 * 1024
# The pipe from the reader process: room for about one pickled batch of 5000 units.
PIPE_BYTES = 1024 * 1024
# SQLite while importing: no fsync, and a 64 MB page cache (the default is 2 MB) for the table's B-trees.
SQLITE_IMPORT_PRAGMAS = {"synchronous": "OFF", "cache_size": "-65536"}


@dataclass
class ImportStats:
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    pruned: int = 0
    seconds: float = 0.0
    skipped_examples: list[str] = field(default_factory=list)

    @property
    def committed(self) -> int:
        """Units in batches that reached the database (written or found unchanged)."""
        return self.inserted + self.updated + self.unchanged

    @property
    def units_per_second(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0


class _Upsert:
    """Writes batches of rows with one upsert statement, built once from the model's columns."""

    def __init__(self) -> None:
        quote = connection.ops.quote_name
        meta = RegistryUnit._meta
        self.table = quote(meta.db_table)
        self.columns = ", ".join(quote(meta.get_field(name).column) for name in ROW_FIELDS)
        key = quote(meta.pk.column)
        updates = ", ".join(
            f"{quote(meta.get_field(name).column)} = EXCLUDED.{quote(meta.get_field(name).column)}"
            for name in ROW_FIELDS[1:]
        )
        self.conflict = f"ON CONFLICT ({key}) DO UPDATE SET {updates}"
        self.postgresql = connection.vendor == "postgresql"
        placeholders = ", ".join(["%s"] * len(ROW_FIELDS))
        self.insert_values = f"INSERT INTO {self.table} ({self.columns}) VALUES ({placeholders}) {self.conflict}"

    def write(self, rows: list[tuple]) -> None:
        with connection.cursor() as cursor:
            if not self.postgresql:
                cursor.executemany(self.insert_values, rows)
                return
            # COPY into a temporary table, then one INSERT … SELECT: the fastest upsert PostgreSQL has.
            raw = cursor.cursor
            raw.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS registry_import_batch (LIKE {self.table})")
            raw.execute("TRUNCATE registry_import_batch")
            with raw.copy(f"COPY registry_import_batch ({self.columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            raw.execute(
                f"INSERT INTO {self.table} ({self.columns}) SELECT {self.columns} FROM registry_import_batch "
                f"{self.conflict}"
            )


class _Writer:
    def __init__(self, stats: ImportStats) -> None:
        self.stats = stats
        self.upsert = _Upsert()
        self.known_forms = set(OrganisationForm.objects.values_list("code", flat=True))
        quote = connection.ops.quote_name
        meta = RegistryUnit._meta
        columns = ", ".join(quote(meta.get_field(name).column) for name in ("orgnr", "content_hash", "absent_since"))
        select = f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)}"
        self.select_stored_any = f"{select} = ANY(%s)"  # PostgreSQL: the whole batch in one query
        self.select_stored_in = f"{select} IN ({{}})"  # SQLite: at most LOOKUP_CHUNK parameters a query

    def write(self, batch: Batch) -> None:
        """Upsert one batch in one transaction; the counts change only when it has committed."""
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        inserted = updated = 0
        with transaction.atomic():
            existing = self._stored(list(batch.rows))
            rows = []
            for orgnr, values in batch.rows.items():
                stored = existing.get(orgnr)
                if stored is None:
                    inserted += 1
                elif stored[0] != values[-1] or stored[1] is not None:
                    updated += 1
                else:
                    continue
                rows.append((orgnr, *values, None, now))
            self._add_missing_forms(batch.forms)
            if rows:
                self.upsert.write(rows)
        self.stats.inserted += inserted
        self.stats.updated += updated
        self.stats.unchanged += len(batch.rows) - inserted - updated
        self.stats.skipped += len(batch.skipped)
        self.stats.skipped_examples.extend(batch.skipped[: 5 - len(self.stats.skipped_examples)])

    def _stored(self, orgnrs: list[str]) -> dict[str, tuple]:
        """orgnr → (content hash, absent_since) of the units already stored."""
        stored = {}
        with connection.cursor() as cursor:
            if self.upsert.postgresql:
                cursor.execute(self.select_stored_any, [orgnrs])
                for orgnr, digest, absent_since in cursor.fetchall():
                    stored[orgnr] = (digest, absent_since)
                return stored
            for start in range(0, len(orgnrs), LOOKUP_CHUNK):
                chunk = orgnrs[start:start + LOOKUP_CHUNK]
                cursor.execute(self.select_stored_in.format(", ".join(["%s"] * len(chunk))), chunk)
                for orgnr, digest, absent_since in cursor.fetchall():
                    stored[orgnr] = (digest, absent_since)
        return stored

    def _add_missing_forms(self, forms: dict[str, str]) -> None:
        """A form missing from the csv (an expired one) is added with the file's description."""
        missing = forms.keys() - self.known_forms
        if missing:
            OrganisationForm.objects.bulk_create(
                [OrganisationForm(code=code, description=forms[code]) for code in sorted(missing)],
                ignore_conflicts=True,
            )
            self.known_forms |= missing


def import_bulk_file(
    path: str | Path, *, batch_size: int = BATCH_SIZE, prune: bool = False,
    progress: Callable[[ImportStats], None] | None = None, parallel: bool | None = None,
) -> ImportStats:
    """Import (or refresh from) a bulk file and return the counts.

    Raises BulkFileError on a damaged file. Batches committed before the damage stay, and the
    message says how many units they held; the batch being read is not written.

    With `prune`, stored units that the (complete) file did not contain are marked absent
    (`absent_since` = today) rather than deleted: a verification then still says "deleted"
    instead of "unknown", and a unit that reappears in a later file is simply un-marked.

    `parallel`: read the file in a child process (True), in this one (False), or decide by the
    file's size and the number of cores (None).
    """
    stats = ImportStats()
    started = time.perf_counter()
    seen = array("q") if prune else None
    if parallel is None:
        parallel = _worth_a_process(path)
    batches = (_batches_from_child if parallel else _batches_in_process)(path, batch_size)
    try:
        with _import_settings():
            writer = _Writer(stats)
            for batch in batches:
                stats.read += batch.read
                writer.write(batch)
                if seen is not None:
                    seen.extend(int(orgnr) for orgnr in batch.rows)
                if progress:
                    stats.seconds = time.perf_counter() - started
                    progress(stats)
    except BulkFileError as error:
        raise BulkFileError(
            f"{error} {spaced(stats.committed)} units imported before the error; the batch being read was not "
            "written."
        ) from error.__cause__
    finally:
        batches.close()  # stops the reader process at once when the import fails
    if seen is not None:
        stats.pruned = _mark_absent(seen)
    stats.seconds = time.perf_counter() - started
    return stats


def _worth_a_process(path: str | Path) -> bool:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    try:
        return cores > 1 and os.path.getsize(path) >= PARALLEL_MIN_BYTES
    except OSError:
        return False  # BulkFile names the file and the problem


def _batches_in_process(path: str | Path, batch_size: int) -> Iterator[Batch]:
    with BulkFile(path) as bulk:
        yield from bulk.batches(batch_size)


def _batches_from_child(path: str | Path, batch_size: int) -> Iterator[Batch]:
    """The file's batches, read by a child process (bulkfile.read_into_pipe) while this one writes.

    "spawn" rather than "fork": the child starts clean, without a copy of Django and of this
    process's database connection, and imports only bulkfile.py.
    """
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    _widen(sender)
    child = context.Process(
        target=read_into_pipe, args=(str(path), batch_size, sender), name="veier-brreg-reader", daemon=True
    )
    child.start()
    sender.close()  # the child's copy stays open: when the child ends, receiving stops with EOFError
    finished = False
    try:
        while True:
            try:
                message = marshal.loads(receiver.recv_bytes())
            except EOFError:
                child.join()
                raise RuntimeError(
                    f"The process reading {path} ended unexpectedly (exit code {child.exitcode})."
                ) from None
            kind = message[0]
            if kind == "batch":
                yield Batch(*message[1:])
            elif kind == "end":
                finished = True
                return
            elif kind == "error":
                raise BulkFileError(message[1])
            else:
                raise RuntimeError(f"The process reading {path} failed:\n{message[1]}")
    finally:
        if not finished:
            child.terminate()
        child.join()
        receiver.close()


def _widen(connection_end) -> None:
    """Give the pipe room for about one batch (Linux: 1 MB, the most an unprivileged process may ask for).

    The reader can then send its next batch while the writer is still busy with the previous one.
    """
    try:
        fcntl.fcntl(connection_end.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (AttributeError, OSError):  # pragma: no cover - not Linux, or a lower limit: the default size works
        pass


@contextmanager
def _import_settings() -> Iterator[None]:
    """SQLITE_IMPORT_PRAGMAS on this connection while importing; the previous values afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        before = {}
        for name, value in SQLITE_IMPORT_PRAGMAS.items():
            if name == "synchronous" and connection.in_atomic_block:
                continue  # SQLite refuses to change it inside a transaction (a caller's, or a test's)
            cursor.execute(f"PRAGMA {name}")
            before[name] = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA {name} = {value}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name, value in before.items():
                cursor.execute(f"PRAGMA {name} = {int(value)}")


def _mark_absent(seen: array) -> int:
    """Mark the stored units that the file did not contain; return how many were marked.

    The numbers seen are kept as 8-byte integers (10 MB for the whole register) and compared,
    sorted, with the stored numbers read in order, so memory stays small.
    """
    seen = array("q", sorted(seen))
    missing: list[str] = []
    position = 0
    stored = RegistryUnit.objects.filter(absent_since__isnull=True).order_by("orgnr").values_list("orgnr", flat=True)
    for orgnr in stored.iterator(chunk_size=10_000):
        number = int(orgnr)
        while position < len(seen) and seen[position] < number:
            position += 1
        if position >= len(seen) or seen[position] != number:
            missing.append(orgnr)
    today = timezone.localdate()
    for start in range(0, len(missing), LOOKUP_CHUNK):
        with transaction.atomic():
            RegistryUnit.objects.filter(orgnr__in=missing[start:start + LOOKUP_CHUNK]).update(absent_since=today)
    return len(missing)
