from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PublishingForm(forms.Form):
    grants = forms.BooleanField(
        label=_("Publish grants and de minimis aid (360Giving)"), required=False,
        help_text=_("The de minimis aid you have recorded, and awarded collaborations in the form of a grant."),
    )
    contracts = forms.BooleanField(
        label=_("Publish contracts from procurement (OCDS)"), required=False,
        help_text=_(
            "Collaborations in a procurement form, from the pilot onwards: the parties, the value, the period and the "
            "form of agreement."
        ),
    )
