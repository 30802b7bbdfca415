"""Collaborations between a public body and one or more social entrepreneurs.

A collaboration moves through stages, from an idea to being evaluated and then scaled or ended;
each move is kept in its timeline. The advisor's answer (which rules apply, which form fits) can
be saved on it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veier.organisations.models import Organisation
from veier.reference.models import ServiceArea


class Stage(models.TextChoices):
    IDEA = "idea", _("Idea")
    DIALOGUE = "dialogue", _("Dialogue")
    PILOT = "pilot", _("Pilot")
    AGREEMENT = "agreement", _("Agreement")
    OPERATION = "operation", _("In operation")
    EVALUATED = "evaluated", _("Evaluated")
    SCALED = "scaled", _("Scaled up")
    ENDED = "ended", _("Ended")


class Collaboration(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    public_body = models.ForeignKey(
        Organisation, verbose_name=_("public body"), on_delete=models.PROTECT, related_name="collaborations",
        limit_choices_to={"kind": Organisation.Kind.PUBLIC_BODY},
    )
    entrepreneurs = models.ManyToManyField(
        Organisation, verbose_name=_("social entrepreneurs"), related_name="entrepreneur_collaborations",
        limit_choices_to={"kind": Organisation.Kind.SOCIAL_ENTREPRENEUR},
    )
    service_area = models.ForeignKey(
        ServiceArea, verbose_name=_("service area"), null=True, blank=True, on_delete=models.PROTECT
    )
    # One of the advisor's form codes (e.g. "pilot_agreement"); see veier/advisor/rules/forms.toml.
    form = models.CharField(_("collaboration form"), max_length=40, blank=True)
    value_nok = models.DecimalField(_("value (NOK, excl. VAT)"), max_digits=14, decimal_places=2, null=True,
                                    blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.IDEA)
    # The advisor's input and answer, as returned by veier.advisor.engine (JSON-able dicts).
    assessment_input = models.JSONField(null=True, blank=True)
    assessment = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="collaboration_ends_after_start",
            ),
            models.CheckConstraint(condition=models.Q(value_nok__gte=0) | models.Q(value_nok__isnull=True),
                                   name="collaboration_value_not_negative"),
        ]
        # The national statistics count collaborations by stage and by form; with these indexes SQLite and
        # PostgreSQL count from the index instead of sorting the table (see bench/stats.py).
        indexes = [models.Index(fields=["stage"], name="collaboration_stage"),
                   models.Index(fields=["form"], name="collaboration_form")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("collaborations:detail", kwargs={"pk": self.pk})


class StageChange(models.Model):
    """One step in a collaboration's timeline."""

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="timeline")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    note = models.TextField(_("note"), blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
