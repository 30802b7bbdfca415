"""Forms for collaboration records: the record itself and a move to another stage."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from veier.advisor.forms import parse_amount
from veier.advisor.selectors import form_titles
from veier.collaborations.models import Stage
from veier.organisations.models import Organisation
from veier.reference.models import ServiceArea


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CollaborationForm(forms.Form):
    """Create or edit a collaboration. ``public_bodies`` limits who may be the public party."""

    public_body = forms.ModelChoiceField(label=_("Public body"), queryset=Organisation.objects.none(),
                                         empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    entrepreneurs = forms.ModelMultipleChoiceField(
        label=_("Social entrepreneurs"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.SOCIAL_ENTREPRENEUR).order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Choose one or more. Hold Ctrl (or Cmd) to choose several."),
    )
    service_area = forms.ModelChoiceField(label=_("Service area"), queryset=ServiceArea.objects.all(),
                                          required=False, empty_label=_("Not chosen"))
    form = forms.ChoiceField(label=_("Form of collaboration"), required=False,
                             help_text=_("The collaboration guide can help you choose."))
    value_nok = forms.CharField(label=_("Value in kroner, excluding VAT"), required=False, max_length=30,
                                help_text=_("For the whole period, including options and extensions."),
                                widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    start_date = forms.DateField(label=_("Start date"), required=False, widget=_date_widget())
    end_date = forms.DateField(label=_("End date"), required=False, widget=_date_widget())

    def __init__(self, *args, public_bodies=None, lang: str = "nb", **kwargs):
        super().__init__(*args, **kwargs)
        if public_bodies is None:
            del self.fields["public_body"]
        else:
            self.fields["public_body"].queryset = public_bodies
        self.fields["form"].choices = [("", _("Not chosen yet")), *form_titles(lang).items()]

    def clean_value_nok(self) -> Decimal | None:
        raw = self.cleaned_data["value_nok"].strip()
        if not raw:
            return None
        try:
            amount = parse_amount(raw)
        except ValueError:
            raise forms.ValidationError(_("Write the amount in numbers, for example 1 300 000.")) from None
        if amount < 0:
            raise forms.ValidationError(_("The amount cannot be negative."))
        if amount >= Decimal("1e12"):
            raise forms.ValidationError(_("The amount is too large."))
        return amount.quantize(Decimal("0.01"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must be on or after the start date."))
        return data


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("What happened, or what was decided."))
