"""Forms for impact analyses.

Decimal fields are localised, so «0,04» and «1 250 000» are read as Norwegians write them.
"""

from __future__ import annotations

import re

from django import forms
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from veier.impact import selectors
from veier.impact.models import Analysis, Indicator, Measurement, Outcome

IMPORT_MAX_BYTES = 2 * 1024 * 1024


GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+$")


def normalise_number(text: str, *, decimal_comma: bool) -> str:
    """«1 250 000,50», «1.250.000,50» and «1,250,000.50» all become «1250000.50».

    Spaces (also no-break spaces) group thousands; when both a comma and a dot appear, the last one is the
    decimal mark; a lone comma is the decimal mark where the language writes one (Norwegian), and groups
    thousands otherwise (English, «1,500»).
    """
    text = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("\u2212", "-")
    if "," in text and "." in text:
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        return text.replace(thousands, "").replace(",", ".")
    if "," in text and (decimal_comma or not GROUPED.match(text)):
        return text.replace(",", ".")
    return text.replace(",", "")


class LocalDecimalField(forms.DecimalField):
    """A decimal field that reads numbers as people in the current language write them."""

    def to_python(self, value):
        if isinstance(value, str):
            value = normalise_number(value, decimal_comma=get_format("DECIMAL_SEPARATOR") == ",")
        return super().to_python(value)


def _localise(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.DecimalField):
            field.__class__ = LocalDecimalField
            field.localize = True
            field.widget.is_localized = True
            field.widget.input_type = "text"
            field.widget.attrs["inputmode"] = "decimal"


class AnalysisForm(forms.ModelForm):
    class Meta:
        model = Analysis
        fields = ["organisation", "collaboration", "title", "description", "investment_nok", "discount_rate",
                  "discount_first_year"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _localise(self)
        if self.instance.pk:
            del self.fields["organisation"]
        else:
            organisations = [m.organisation_id for m in user.memberships.all()]
            self.fields["organisation"].queryset = self.fields["organisation"].queryset.filter(pk__in=organisations)
            self.fields["organisation"].empty_label = None
            self.fields["organisation"].help_text = _("The organisation that owns the analysis.")
        self.fields["collaboration"].queryset = selectors.collaborations_for(user)
        self.fields["collaboration"].empty_label = _("None (a standalone analysis)")
        self.fields["collaboration"].help_text = _(
            "The other parties of a linked collaboration can see and edit the analysis too."
        )

    def clean(self):
        data = super().clean()
        organisation = data.get("organisation") or getattr(self.instance, "organisation", None)
        collaboration = data.get("collaboration")
        if organisation and collaboration:
            parties = {collaboration.public_body_id, *collaboration.entrepreneurs.values_list("pk", flat=True)}
            if organisation.pk not in parties:
                self.add_error("collaboration", _("The organisation does not take part in this collaboration."))
        return data


class LogicModelForm(forms.ModelForm):
    class Meta:
        model = Analysis
        fields = ["stakeholders", *Analysis.LOGIC_MODEL_FIELDS]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["name", "stakeholder", "level", "quantity", "proxy_value_nok", "deadweight", "displacement",
                  "attribution", "drop_off", "duration_years", "start_year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _localise(self)


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "outcome", "baseline", "target", "data_source", "frequency"]

    def __init__(self, *args, analysis, **kwargs):
        super().__init__(*args, **kwargs)
        _localise(self)
        self.fields["outcome"].queryset = analysis.outcomes.all()
        self.fields["outcome"].empty_label = _("None")


class MeasurementForm(forms.ModelForm):
    class Meta:
        model = Measurement
        fields = ["date", "value", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _localise(self)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV or Excel (.xlsx) with the columns date, value and optionally note. At most 2 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("Use a CSV file or an Excel workbook (.xlsx)."))
        return upload


class MonteCarloForm(forms.Form):
    """Settings for the uncertainty simulation on the result page (read from the query string)."""

    spread = forms.IntegerField(
        label=_("Uncertainty (± %)"), min_value=0, max_value=90, initial=20,
        help_text=_("Each outcome's quantity and financial proxy vary this much around the estimate "
                    "(triangular distribution)."),
    )
    draws = forms.IntegerField(label=_("Draws"), min_value=100, max_value=100_000, initial=10_000)
    seed = forms.IntegerField(label=_("Seed"), min_value=0, max_value=2**31, initial=1,
                              help_text=_("The same seed gives the same result."))

    def settings(self) -> dict:
        """The cleaned settings, or the defaults when the query string is empty or wrong."""
        defaults = {name: field.initial for name, field in self.fields.items()}
        return self.cleaned_data if self.is_bound and self.is_valid() else defaults
