from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """A person's rights over their data (GDPR articles 15, 17 and 20) and the retention rules."""

    name = "veier.privacy"
    verbose_name = _("Privacy")
