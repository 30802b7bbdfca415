from django.core.management.base import BaseCommand

from veier.core.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load fictional demo organisations and users (idempotent). Never run this on a production site."

    def handle(self, *args, **options):
        counts = load_demo()
        self.stdout.write(
            f"Demo data loaded: {counts['organisations']} organisations, {counts['users']} users "
            f"(password for all demo users: {DEMO_PASSWORD})."
        )
