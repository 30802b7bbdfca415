"""Reads of the audit log, for an organisation's administrators."""

from __future__ import annotations

from django.db.models import QuerySet

from veier.audit.models import AuditEvent
from veier.organisations.models import Membership


def can_view_log(user, organisation) -> bool:
    """Admins of the organisation and platform staff see its log; ordinary members do not."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return Membership.objects.filter(user=user, organisation=organisation, role=Membership.Role.ADMIN).exists()


def events_for_organisation(organisation) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(organisation_id=organisation.pk).order_by("-occurred_at", "-id")


def events_by_actor(user) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(actor_id=user.pk).order_by("-occurred_at", "-id")
