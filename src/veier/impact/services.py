"""Writes for impact analyses, each in one transaction.

Views check who may edit (``selectors.analysis_for``); the services check the data with ``full_clean`` so the
database constraints are never the first line of defence. Every change to an analysis's inputs touches its
``updated_at``, which orders the user's list.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from veier.audit import services as audit
from veier.impact.models import Analysis, Indicator, Measurement, Outcome


def _touch(analysis: Analysis) -> None:
    analysis.updated_at = timezone.now()
    analysis.save(update_fields=["updated_at"])


@transaction.atomic
def create_analysis(*, organisation, created_by, title: str, **fields) -> Analysis:
    collaboration = fields.get("collaboration")
    if collaboration is not None:
        parties = {collaboration.public_body_id, *collaboration.entrepreneurs.values_list("pk", flat=True)}
        if organisation.pk not in parties:
            raise ValidationError({"collaboration": _("The organisation does not take part in this collaboration.")})
    analysis = Analysis(organisation=organisation, created_by=created_by, title=title, **fields)
    analysis.full_clean()
    analysis.save()
    audit.record(created_by, organisation, "analysis.created", analysis, {"title": title, **fields})
    return analysis


@transaction.atomic
def update_analysis(analysis: Analysis, **fields) -> Analysis:
    before = audit.snapshot(analysis, fields)
    for name, value in fields.items():
        setattr(analysis, name, value)
    analysis.updated_at = timezone.now()
    analysis.full_clean()
    analysis.save()
    audit.record(None, analysis.organisation_id, "analysis.updated", analysis, audit.diff(before, analysis))
    return analysis


@transaction.atomic
def save_outcome(outcome: Outcome, **fields) -> Outcome:
    for name, value in fields.items():
        setattr(outcome, name, value)
    if outcome.pk is None:
        last = outcome.analysis.outcomes.aggregate(last=Max("position"))["last"]
        outcome.position = 0 if last is None else last + 1
    outcome.full_clean()
    outcome.save()
    _touch(outcome.analysis)
    return outcome


@transaction.atomic
def delete_outcome(outcome: Outcome) -> None:
    analysis = outcome.analysis
    outcome.delete()
    _touch(analysis)


@transaction.atomic
def save_indicator(indicator: Indicator, **fields) -> Indicator:
    for name, value in fields.items():
        setattr(indicator, name, value)
    if indicator.outcome_id and indicator.outcome.analysis_id != indicator.analysis_id:
        raise ValidationError({"outcome": _("The outcome belongs to another analysis.")})
    indicator.full_clean()
    indicator.save()
    _touch(indicator.analysis)
    return indicator


@transaction.atomic
def delete_indicator(indicator: Indicator) -> None:
    analysis = indicator.analysis
    indicator.delete()
    _touch(analysis)


@transaction.atomic
def record_measurements(indicator: Indicator, rows: Iterable[dict]) -> int:
    """Store measurements (``date``, ``value``, ``note``); a date already measured gets the new value.

    All rows are stored or none: an import is one transaction.
    """
    count = 0
    for row in rows:
        measurement = Measurement.objects.filter(indicator=indicator, date=row["date"]).first() or Measurement(
            indicator=indicator, date=row["date"]
        )
        measurement.value = row["value"]
        measurement.note = row.get("note", "")
        measurement.full_clean(validate_unique=False)
        measurement.save()
        count += 1
    _touch(indicator.analysis)
    return count


@transaction.atomic
def delete_measurement(measurement: Measurement) -> None:
    analysis = measurement.indicator.analysis
    measurement.delete()
    _touch(analysis)
