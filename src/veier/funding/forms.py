"""Forms for the funding catalogue filters, the «what fits us» match and the de minimis register."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veier.funding.models import Applicant, DeMinimisGrant
from veier.organisations import orgnr as orgnr_module
from veier.reference.models import ServiceArea

TIMING_CHOICES = [("", _("Any")), ("rolling", _("Apply any time")), ("deadline", _("Fixed yearly deadline"))]
ORGANISATION_FORM_CHOICES = [
    ("", _("Not known")), ("AS", _("Limited company (AS)")), ("SA", _("Cooperative (SA)")),
    ("STI", _("Foundation (STI)")), ("FLI", _("Association (FLI)")), ("ENK", _("Sole proprietorship (ENK)")),
]


class ServiceAreaChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.label


class FilterForm(forms.Form):
    service_area = ServiceAreaChoice(label=_("Service area"), queryset=ServiceArea.objects.all(), required=False,
                                     to_field_name="code", empty_label=_("All service areas"))
    applicant = forms.ChoiceField(label=_("Who applies"), required=False,
                                  choices=[("", _("Anyone")), *Applicant.choices])
    timing = forms.ChoiceField(label=_("When to apply"), required=False, choices=TIMING_CHOICES)


class MatchForm(forms.Form):
    """Describe yourselves when you are not logged in, or adjust what Veier knows about you."""

    applicant = forms.ChoiceField(label=_("We are a"), choices=Applicant.choices)
    organisation_form = forms.ChoiceField(label=_("Organisation form"), choices=ORGANISATION_FORM_CHOICES,
                                          required=False)
    service_areas = forms.ModelMultipleChoiceField(
        label=_("Our service areas"), queryset=ServiceArea.objects.all(), to_field_name="code", required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_areas"].label_from_instance = lambda obj: obj.label


_AMOUNT = re.compile(r"^\d{1,3}([ \u00a0.]\d{3})+([,]\d{1,2})?$|^\d+([,.]\d{1,2})?$")


def parse_nok(value: str) -> Decimal:
    """«150 000», «150000,50», «150.000,50» or «150000.50» → Decimal; anything else raises ValueError."""
    text = (value or "").strip().removeprefix("kr").removesuffix("kr").removesuffix(",-").strip()
    if not _AMOUNT.match(text):
        raise ValueError(value)
    if re.search(r"[ \u00a0]", text) or re.match(r"^\d{1,3}(\.\d{3})+(,\d{1,2})?$", text):
        text = text.replace(" ", "").replace("\u00a0", "").replace(".", "")
    return Decimal(text.replace(",", "."))


class DeMinimisForm(forms.Form):
    public_body = forms.ModelChoiceField(label=_("Granted by"), queryset=None, empty_label=None, required=False)
    orgnr = forms.CharField(label=_("Organisation number of the undertaking"), max_length=20,
                            help_text=_("Nine digits, e.g. 974 760 673."))
    recipient_name = forms.CharField(label=_("Name of the undertaking"), max_length=200)
    granted_on = forms.DateField(label=_("Date granted"), help_text=_("The date of the decision, e.g. 2025-03-14."),
                                 widget=forms.DateInput(attrs={"type": "date"}),
                                 error_messages={"invalid": _("Write the date as YYYY-MM-DD, e.g. 2025-03-14.")})
    amount_nok = forms.CharField(label=_("Amount (NOK)"), max_length=30,
                                 help_text=_("In kroner, e.g. 150 000 or 150000,50."))
    eur_rate = forms.CharField(label=_("Exchange rate used (NOK per EUR)"), max_length=12, required=False,
                               help_text=_("The rate you used to convert the amount to euro, e.g. 11,75."))
    kind = forms.ChoiceField(label=_("Kind of aid"), choices=DeMinimisGrant.Kind.choices,
                             initial=DeMinimisGrant.Kind.GENERAL)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300,
                                  help_text=_("The regulation and the decision, e.g. «Forordning (EU) 2023/2831»."))
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)
    confirm_over_ceiling = forms.BooleanField(
        label=_("Record it anyway: I know this grant exceeds the ceiling"), required=False)

    def __init__(self, *args, public_bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["public_body"].queryset = public_bodies
        self.fields["public_body"].initial = public_bodies.first()

    def clean_public_body(self):
        """A user who belongs to one public body need not choose it."""
        body = self.cleaned_data.get("public_body")
        bodies = self.fields["public_body"].queryset
        if body is None and bodies.count() == 1:
            return bodies.first()
        if body is None:
            raise forms.ValidationError(_("Choose the public body that granted the aid."))
        return body

    def clean_orgnr(self) -> str:
        try:
            return orgnr_module.normalise(self.cleaned_data["orgnr"])
        except orgnr_module.OrgnrError as error:
            if error.code == "format":
                raise forms.ValidationError(_("An organisation number has exactly nine digits.")) from None
            raise forms.ValidationError(_("This is not a valid organisation number (the control digit is wrong).")) \
                from None

    def clean_granted_on(self):
        day = self.cleaned_data["granted_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future. Record aid when it has been granted."))
        return day

    def clean_amount_nok(self) -> Decimal:
        try:
            amount = parse_nok(self.cleaned_data["amount_nok"])
        except (ValueError, InvalidOperation):
            raise forms.ValidationError(_("Write the amount in kroner with digits only, e.g. 150 000 or 150000,50.")) \
                from None
        if amount <= 0:
            raise forms.ValidationError(_("The amount must be more than zero."))
        if amount >= Decimal("1e12"):
            raise forms.ValidationError(_("The amount is too large."))
        return amount

    def clean_eur_rate(self) -> Decimal:
        raw = (self.cleaned_data.get("eur_rate") or "").strip()
        if not raw:
            raise forms.ValidationError(_("Give the exchange rate you used to convert kroner to euro."))
        try:
            rate = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            raise forms.ValidationError(_("Write the exchange rate as a number, e.g. 11,75.")) from None
        if not rate.is_finite() or not Decimal("1") <= rate <= Decimal("100"):
            raise forms.ValidationError(_("The exchange rate must be kroner per euro, between 1 and 100."))
        return rate.quantize(Decimal("0.0001"))
