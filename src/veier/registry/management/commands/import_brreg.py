"""`veier import-brreg FILE`: load or refresh the register copy from Brønnøysundregistrene's bulk file."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from veier.registry.bulkfile import BulkFileError, spaced
from veier.registry.importer import BATCH_SIZE, ImportStats
from veier.registry.services import import_registry


class Command(BaseCommand):
    help = (
        "Import Enhetsregisteret's bulk file (enheter_alle.json.gz from "
        "https://data.brreg.no/enhetsregisteret/api/enheter/lastned; plain .json is accepted too). "
        "Units are upserted by organisation number, so re-running updates changed units and is safe after an "
        "interrupted run."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the bulk file, gzip-compressed or plain JSON")
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE,
            help=f"units per transaction (default {BATCH_SIZE})",
        )
        parser.add_argument(
            "--prune", action="store_true",
            help="mark units that the file does not contain as absent (shown as deleted); use only with the "
            "complete bulk file",
        )

    def handle(self, *args, file, batch_size, prune, verbosity, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        progress = self.show_progress if verbosity >= 2 else None
        try:
            stats = import_registry(file, batch_size=batch_size, prune=prune, progress=progress)
        except BulkFileError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.summary(stats, prune=prune))
        if stats.skipped_examples:
            self.stderr.write(
                f"Skipped units with invalid organisation numbers, e.g. {', '.join(stats.skipped_examples)}."
            )

    def show_progress(self, stats: ImportStats) -> None:
        self.stderr.write(f"… {spaced(stats.read)} units read ({stats.units_per_second:,.0f} units/s)")

    @staticmethod
    def summary(stats: ImportStats, *, prune: bool) -> str:
        parts = [
            f"read {spaced(stats.read)}", f"inserted {spaced(stats.inserted)}", f"updated {spaced(stats.updated)}",
            f"unchanged {spaced(stats.unchanged)}", f"skipped (invalid orgnr) {spaced(stats.skipped)}",
        ]
        if prune:
            parts.append(f"marked absent {spaced(stats.pruned)}")
        return (
            f"Enhetsregisteret: {', '.join(parts)} in {stats.seconds:.1f} s "
            f"({spaced(round(stats.units_per_second))} units/s)."
        )
