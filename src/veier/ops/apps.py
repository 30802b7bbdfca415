from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running Veier safely: log masking, API throttling, uploaded files, backups and retention."""

    name = "veier.ops"
    verbose_name = _("Operations")
