from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from veier.reference.loaders import load_all


class Command(BaseCommand):
    help = "Load (or refresh) kommuner, fylker, service areas and target groups from the packaged data files."

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = load_all(apps.get_model)
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in counts.items()))
