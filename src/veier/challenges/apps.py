from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "veier.challenges"
    verbose_name = _("Challenges and pitches")
