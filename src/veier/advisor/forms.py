"""The wizard's questions, one form per step, in plain language.

Each step asks one question and owns one or more keys of the answers kept in the session. The
answers use the engine's vocabulary (``buyer``, ``value_nok``…), so turning them into the API
payload is a matter of nesting the supplier fields (see ``veier.advisor.wizard``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veier.advisor.rulebook import load_rulebook

YES, NO, UNKNOWN = "yes", "no", "unknown"
TRI_STATE = {YES: True, NO: False, UNKNOWN: None}


def _to_choice(value: bool | None) -> str:
    return next(k for k, v in TRI_STATE.items() if v is value)


class StepForm(forms.Form):
    """A form for one question. ``to_answers`` gives the session values, ``initial_from`` reads them."""

    def to_answers(self) -> dict:
        return dict(self.cleaned_data)

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        return {name: answers[name] for name in cls.base_fields if name in answers}


class BuyerForm(StepForm):
    buyer = forms.ChoiceField(
        label=_("Who will pay for the service?"),
        help_text=_("The rules and thresholds depend on the kind of public body."),
        widget=forms.RadioSelect,
        choices=[
            ("municipality", _("A kommune (municipality)")),
            ("county", _("A fylkeskommune (county authority)")),
            ("state", _("A state body, such as NAV")),
            ("other_public", _("Another public body, such as a health trust or a publicly owned company")),
        ],
    )


class SubjectForm(StepForm):
    subject = forms.ChoiceField(
        label=_("What will the social entrepreneur deliver?"),
        widget=forms.RadioSelect,
        choices=[
            ("health_social", _("Health and social services, such as care, work training or follow-up of "
                                "vulnerable people")),
            ("services", _("Other services")),
            ("other_special", _("Other special services, such as education, culture or legal services")),
            ("goods", _("Goods (products)")),
            ("works", _("Building and construction work")),
        ],
    )


class NoveltyForm(StepForm):
    novelty = forms.ChoiceField(
        label=_("How new is the solution?"),
        widget=forms.RadioSelect,
        choices=[
            ("existing", _("It already exists and can be bought as it is")),
            ("adapt", _("It exists, but must be adapted to us")),
            ("new", _("It is new and must be developed or tried out")),
            ("research", _("It needs research before anyone knows whether it works")),
        ],
    )


class ObligationForm(StepForm):
    mutual_obligation = forms.TypedChoiceField(
        label=_("Will the public body get something in return?"),
        help_text=_("If you order a service and pay for it, it is a contract and the procurement rules apply. "
                    "If you support the entrepreneur's own project without claiming a delivery, it is a grant."),
        widget=forms.RadioSelect,
        choices=[(YES, _("Yes, an agreed delivery to us (a contract)")),
                 (NO, _("No, we support their own project (a grant)"))],
        coerce=lambda value: value == YES,
    )

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        if "mutual_obligation" not in answers:
            return {}
        return {"mutual_obligation": YES if answers["mutual_obligation"] else NO}


def parse_amount(raw: str) -> Decimal:
    """«1 300 000», «1300000,50» or «1.300.000 kr» as Norwegians write amounts; raise ValueError if not."""
    text = raw.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").lower()
    text = text.removesuffix("kr").removesuffix(",-").removeprefix("kr")
    if text.count(".") > 1 or ("." in text and "," in text):
        text = text.replace(".", "")
    text = text.replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(raw) from None
    if not amount.is_finite():
        raise ValueError(raw)
    return amount


class ValueForm(StepForm):
    value_nok = forms.CharField(
        label=_("What is the total value, in kroner?"),
        help_text=_("Count the whole period, including options and extensions, without VAT. An estimate is fine."),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )

    def clean_value_nok(self) -> int | float:
        try:
            amount = parse_amount(self.cleaned_data["value_nok"])
        except ValueError:
            raise forms.ValidationError(_("Write the amount in numbers, for example 1 300 000.")) from None
        if amount < 0:
            raise forms.ValidationError(_("The amount cannot be negative."))
        if amount >= Decimal("1e13"):
            raise forms.ValidationError(_("The amount is too large."))
        return int(amount) if amount == amount.to_integral_value() else float(amount)

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        if "value_nok" not in answers:
            return {}
        value = answers["value_nok"]
        return {"value_nok": f"{value:,}".replace(",", " ") if isinstance(value, int) else value}


class DateForm(StepForm):
    decision_date = forms.DateField(
        label=_("When will the decision be made?"),
        help_text=_("The rules that were in force on that day apply. Use today's date if you are unsure."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_date"].initial = timezone.localdate()

    def clean_decision_date(self) -> str:
        day: date = self.cleaned_data["decision_date"]
        coverage_from = load_rulebook().meta.coverage_from
        if day < coverage_from:
            raise forms.ValidationError(
                _("The guide covers decisions from %(day)s onwards."), params={"day": coverage_from.isoformat()}
            )
        return day.isoformat()


class _TriStateForm(StepForm):
    """A yes / no / don't know question whose answer is True, False or None."""

    answer_key: str

    def to_answers(self) -> dict:
        return {self.answer_key: TRI_STATE[self.cleaned_data[self.answer_key]]}

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        return {cls.answer_key: _to_choice(answers[cls.answer_key])} if cls.answer_key in answers else {}


def _tri_state_field(label, help_text) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, help_text=help_text, widget=forms.RadioSelect,
        choices=[(YES, _("Yes")), (NO, _("No")), (UNKNOWN, _("Don't know yet"))],
    )


class NonprofitForm(_TriStateForm):
    answer_key = "nonprofit"
    nonprofit = _tri_state_field(
        _("Is the supplier a non-profit organisation?"),
        _("For example a voluntary organisation or a foundation that puts any profit back into its purpose."),
    )


class WorkIntegrationForm(_TriStateForm):
    answer_key = "work_integration"
    work_integration = _tri_state_field(
        _("Is the supplier a work-integration enterprise?"),
        _("An enterprise whose main aim is to bring people with disabilities or disadvantaged people into work, "
          "where at least 30 % of the employees are such people."),
    )


class OutcomeForm(_TriStateForm):
    answer_key = "outcome_based"
    outcome_based = _tri_state_field(
        _("Should the payment depend on the results achieved?"),
        _("For example paying more when more people get a job (an outcome contract)."),
    )


@dataclass(frozen=True)
class Step:
    slug: str
    form_class: type[StepForm]
    keys: tuple[str, ...]


STEPS: tuple[Step, ...] = (
    Step("kjoper", BuyerForm, ("buyer",)),
    Step("leveranse", SubjectForm, ("subject",)),
    Step("losning", NoveltyForm, ("novelty",)),
    Step("motytelse", ObligationForm, ("mutual_obligation",)),
    Step("verdi", ValueForm, ("value_nok",)),
    Step("dato", DateForm, ("decision_date",)),
    Step("ideell", NonprofitForm, ("nonprofit",)),
    Step("arbeidsinkludering", WorkIntegrationForm, ("work_integration",)),
    Step("resultatbasert", OutcomeForm, ("outcome_based",)),
)
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


class SaveResultForm(forms.Form):
    """Which collaboration to save the advisor's answer on, and which form was chosen."""

    collaboration = forms.ModelChoiceField(label=_("Collaboration"), queryset=None, empty_label=None)
    form = forms.ChoiceField(label=_("Chosen form of collaboration"))

    def __init__(self, *args, collaborations, form_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collaboration"].queryset = collaborations
        self.fields["form"].choices = form_choices
