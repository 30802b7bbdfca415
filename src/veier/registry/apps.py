from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "veier.registry"
    verbose_name = _("Central Coordinating Register for Legal Entities")
