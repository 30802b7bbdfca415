from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from veier.funding.catalogue import load_catalogue


class Command(BaseCommand):
    help = "Load (or refresh) the funding catalogue from the packaged data file. Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = load_catalogue(apps.get_model)
        self.stdout.write(f"funding schemes: {count}")
