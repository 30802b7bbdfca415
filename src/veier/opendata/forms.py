from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PublishingForm(forms.Form):
    grants = forms.BooleanField(
        label=_("Publiser tilskudd og bagatellstøtte (360Giving)"), required=False,
        help_text=_("Bagatellstøtten dere har registrert, og samarbeid i formen tilskudd som er innvilget."),
    )
    contracts = forms.BooleanField(
        label=_("Publiser kontrakter fra anskaffelser (OCDS)"), required=False,
        help_text=_(
            "Samarbeid i en anskaffelsesform, fra pilot og utover: partene, verdien, perioden og avtaleformen."
        ),
    )
