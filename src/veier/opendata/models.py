"""A public body's decision to publish its records from Veier as open data.

Veier publishes nothing on a public body's behalf until the body has decided to. The records are
the body's own (its grant decisions and contracts are public records under offentleglova, but
proactive publication is the body's choice, not the platform's), and publishing is a processing
of the recipients' data that the body answers for. So each public body's administrators opt in,
separately for grants (360Giving) and for contracts from procurement (OCDS), and may opt out
again; opting out removes the body's records from the next export.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veier.organisations.models import Organisation


class PublishingDecision(models.Model):
    public_body = models.OneToOneField(
        Organisation, primary_key=True, on_delete=models.CASCADE, related_name="publishing_decision",
        verbose_name=_("public body"), limit_choices_to={"kind": Organisation.Kind.PUBLIC_BODY},
    )
    grants = models.BooleanField(_("publish grants and de minimis aid (360Giving)"), default=False)
    contracts = models.BooleanField(_("publish contracts from procurement (OCDS)"), default=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("publishing decision")
        verbose_name_plural = _("publishing decisions")

    def __str__(self) -> str:
        return str(self.public_body)
