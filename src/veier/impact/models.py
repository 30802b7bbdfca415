"""Saved impact analyses: a logic model, the SROI value map, indicators and their measurements.

An analysis belongs to one organisation and may be linked to a collaboration, so that the public body and
the entrepreneurs of that collaboration work on the same numbers. The calculations themselves live in
``veier.impact.engine``; these models only keep the inputs (``as_engine_input`` hands them over).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veier.collaborations.models import Collaboration
from veier.impact.engine import Outcome as EngineOutcome
from veier.impact.engine import SroiInput
from veier.organisations.models import Organisation

SHARE = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))]
YEARS = [MinValueValidator(1), MaxValueValidator(100)]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class Level(models.TextChoices):
    """Who the value accrues to; the same codes as ``veier.impact.engine.Level``."""

    CITIZEN = "citizen", _("Citizen")
    MUNICIPALITY = "municipality", _("Municipality")
    STATE = "state", _("State")
    SOCIETY = "society", _("Society")


class Analysis(models.Model):
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE,
                                     related_name="impact_analyses")
    collaboration = models.ForeignKey(Collaboration, verbose_name=_("collaboration"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="impact_analyses")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    investment_nok = models.DecimalField(
        _("investment (NOK)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("The total value of all inputs, including volunteer time and other contributions in kind."),
    )
    discount_rate = models.DecimalField(
        _("discount rate"), max_digits=5, decimal_places=4, default=Decimal("0.04"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal("0.99"))],
        help_text=_("As a share: 0.04 is 4 %, the rate the Ministry of Finance (R-109) sets for the first 40 years."),
    )
    discount_first_year = models.BooleanField(
        _("discount the first year"), default=True,
        help_text=_("The SROI value map discounts year 1 too. Turn off to leave year 1 undiscounted."),
    )
    # The logic model, one item per line.
    inputs = models.TextField(_("inputs"), blank=True, help_text=_("One per line: money, staff, premises …"))
    activities = models.TextField(_("activities"), blank=True, help_text=_("One per line."))
    outputs = models.TextField(_("outputs"), blank=True, help_text=_("One per line: what the activities produce."))
    intended_outcomes = models.TextField(_("outcomes"), blank=True,
                                         help_text=_("One per line: the changes for the people involved."))
    impact = models.TextField(_("impact"), blank=True, help_text=_("One per line: the long-term change in society."))
    stakeholders = models.TextField(_("stakeholders"), blank=True, help_text=_("One per line."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("impact analysis")
        verbose_name_plural = _("impact analyses")
        constraints = [
            models.CheckConstraint(condition=models.Q(investment_nok__gt=0), name="analysis_investment_positive"),
            models.CheckConstraint(condition=models.Q(discount_rate__gte=0, discount_rate__lt=1),
                                   name="analysis_discount_rate_share"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("impact:detail", kwargs={"pk": self.pk})

    LOGIC_MODEL_FIELDS = ("inputs", "activities", "outputs", "intended_outcomes", "impact")

    def logic_model(self) -> list[tuple[str, list[str]]]:
        """The logic model's columns in reading order, each with its items."""
        return [(self._meta.get_field(name).verbose_name, _lines(getattr(self, name)))
                for name in self.LOGIC_MODEL_FIELDS]

    @property
    def stakeholder_list(self) -> list[str]:
        return _lines(self.stakeholders)

    @property
    def has_logic_model(self) -> bool:
        return any(getattr(self, name).strip() for name in self.LOGIC_MODEL_FIELDS)

    def as_engine_input(self, outcomes=None) -> SroiInput:
        outcomes = list(self.outcomes.all()) if outcomes is None else outcomes
        return SroiInput(
            outcomes=[outcome.as_engine_outcome() for outcome in outcomes],
            investment_nok=self.investment_nok, discount_rate=self.discount_rate,
            discount_first_year=self.discount_first_year,
        )


class Outcome(models.Model):
    """One row of the SROI value map (impact map)."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="outcomes")
    name = models.CharField(_("outcome"), max_length=200)
    stakeholder = models.CharField(_("stakeholder"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2,
                                   validators=[MinValueValidator(Decimal(0))],
                                   help_text=_("How many experience the change (people, cases …)."))
    proxy_value_nok = models.DecimalField(_("financial proxy (NOK)"), max_digits=14, decimal_places=2,
                                          validators=[MinValueValidator(Decimal(0))],
                                          help_text=_("Value per unit per year."))
    deadweight = models.DecimalField(_("deadweight"), max_digits=5, decimal_places=4, default=0, validators=SHARE,
                                     help_text=_("Share that would have happened anyway, 0 to 1."))
    displacement = models.DecimalField(_("displacement"), max_digits=5, decimal_places=4, default=0,
                                       validators=SHARE, help_text=_("Share that only moved elsewhere, 0 to 1."))
    attribution = models.DecimalField(_("attribution"), max_digits=5, decimal_places=4, default=0,
                                      validators=SHARE, help_text=_("Share owed to others, 0 to 1."))
    drop_off = models.DecimalField(_("drop-off"), max_digits=5, decimal_places=4, default=0, validators=SHARE,
                                   help_text=_("Share lost each year after the first, 0 to 1."))
    duration_years = models.PositiveSmallIntegerField(_("duration (years)"), default=1, validators=YEARS)
    start_year = models.PositiveSmallIntegerField(_("start year"), default=1, validators=YEARS,
                                                  help_text=_("1 when the change starts in the first year."))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            *(models.CheckConstraint(condition=models.Q(**{f"{name}__gte": 0, f"{name}__lte": 1}),
                                     name=f"impact_outcome_{name}_share")
              for name in ("deadweight", "displacement", "attribution", "drop_off")),
            models.CheckConstraint(condition=models.Q(quantity__gte=0, proxy_value_nok__gte=0),
                                   name="impact_outcome_not_negative"),
            models.CheckConstraint(condition=models.Q(duration_years__gte=1, duration_years__lte=100,
                                                      start_year__gte=1, start_year__lte=100),
                                   name="impact_outcome_years"),
        ]

    def __str__(self) -> str:
        return self.name

    def as_engine_outcome(self) -> EngineOutcome:
        return EngineOutcome(
            stakeholder=self.stakeholder, level=self.level, quantity=self.quantity,
            proxy_value_nok=self.proxy_value_nok, deadweight=self.deadweight, displacement=self.displacement,
            attribution=self.attribution, drop_off=self.drop_off, duration_years=self.duration_years,
            start_year=self.start_year, name=self.name,
        )


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Every six months")
    YEARLY = "yearly", _("Yearly")
    OTHER = "other", _("Other")


class Indicator(models.Model):
    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="indicators")
    outcome = models.ForeignKey(Outcome, verbose_name=_("outcome"), null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=50, help_text=_("For example: people, per cent, NOK."))
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    data_source = models.CharField(_("data source"), max_length=200, blank=True)
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency.choices, default=Frequency.YEARLY)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("impact:indicator", kwargs={"pk": self.analysis_id, "indicator": self.pk})


class Measurement(models.Model):
    """One value of an indicator at a date; one per date, so importing a file twice changes nothing."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [models.UniqueConstraint(fields=["indicator", "date"], name="measurement_one_per_date")]
        # The national statistics count measurements per year by seeking through this index
        # (veier.stats.selectors), never sorting the whole table.
        indexes = [models.Index(fields=["date"], name="measurement_date")]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.date})"
