"""`veier backup PATH`: a consistent copy of the whole database, taken while the site runs."""

from django.core.management.base import BaseCommand, CommandError

from veier.ops import backups


class Command(BaseCommand):
    help = "Back up the database to PATH (SQLite: online backup API; PostgreSQL: pg_dump custom format)."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path: str, **options):
        try:
            engine = backups.backup(path)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backed up the {engine} database to {path}.")
