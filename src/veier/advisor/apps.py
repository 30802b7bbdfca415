from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvisorConfig(AppConfig):
    name = "veier.advisor"
    verbose_name = _("Collaboration guide")
