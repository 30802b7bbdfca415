"""`veier restore PATH`: replace the database's contents with a backup made by `veier backup`."""

from django.core.management.base import BaseCommand, CommandError

from veier.ops import backups


class Command(BaseCommand):
    help = "Restore the database from a backup made by `veier backup` (replaces the current contents)."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path: str, **options):
        try:
            engine = backups.restore(path)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored the {engine} database from {path}.")
