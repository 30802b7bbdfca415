"""Retention: declined pitches, and their conversations, are deleted after a year.

A declined pitch has served its purpose; keeping it forever would keep the entrepreneur's plans and
the people's messages for no reason (GDPR art. 5(1)(e), storage limitation). The clock starts at
the pitch's last activity, so a conversation that continued after the decline is kept longer.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from veier.audit import services as audit
from veier.challenges.models import Pitch


class Command(BaseCommand):
    help = "Delete declined pitches (and their messages) whose last activity is older than --days days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=365, help="keep declined pitches this many days (365)")
        parser.add_argument("--dry-run", action="store_true", help="only count what would be deleted")

    def handle(self, *args, days: int, dry_run: bool, **options):
        if days < 1:
            raise CommandError("--days must be at least 1")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        with transaction.atomic():
            pitches = Pitch.objects.filter(state=Pitch.State.DECLINED, updated_at__lt=cutoff)
            count = pitches.count()
            if not dry_run:
                for pitch in pitches.select_related("sender", "public_body"):
                    audit.record(None, pitch.public_body_id, "pitch.purged", pitch, {"retention_days": days})
                pitches.delete()
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {count} declined pitch(es) older than {days} days.")
