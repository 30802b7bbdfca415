from django.core.management.base import BaseCommand

from veier.matching.selectors import current_embedder
from veier.matching.services import refresh_all


class Command(BaseCommand):
    help = ("Compute the matching vectors of all entrepreneur profiles with the configured embedder "
            "(VEIER_EMBEDDER). Unchanged profiles are skipped unless --force is given.")

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="embed every profile again, changed or not")

    def handle(self, *args, force: bool = False, **options):
        embedder = current_embedder()
        embedded, unchanged = refresh_all(embedder=embedder, force=force)
        self.stdout.write(f"{embedder.name}: {embedded} profiles embedded, {unchanged} unchanged.")
