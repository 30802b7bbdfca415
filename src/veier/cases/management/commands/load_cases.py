from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from veier.cases.loader import load_booklet_cases


class Command(BaseCommand):
    help = "Load (or refresh) the booklet's examples into the case library. Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = load_booklet_cases(apps.get_model)
        self.stdout.write(f"booklet cases: {count}")
