"""Reads for collaborations, with who may see what."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from veier.collaborations.models import Collaboration
from veier.organisations.selectors import organisation_ids


def taken_part_in(user) -> QuerySet[Collaboration]:
    """Collaborations one of the user's own organisations is a party to (staff get no extra rights here).

    What a user may link an analysis to, save an advisor result on or consent to publish.
    """
    if not user.is_authenticated:
        return Collaboration.objects.none()
    organisations = user.memberships.values("organisation")
    return Collaboration.objects.filter(
        Q(public_body__in=organisations) | Q(entrepreneurs__in=organisations)
    ).distinct()


def visible_to(user) -> QuerySet[Collaboration]:
    """Collaborations the user's organisations take part in (all of them for platform staff)."""
    if user.is_authenticated and user.is_staff:
        return Collaboration.objects.all()
    return taken_part_in(user)


def can_edit(user, collaboration: Collaboration) -> bool:
    """Members of the public body or of a participating entrepreneur may edit."""
    organisations = organisation_ids(user)
    if not organisations:
        return False
    if collaboration.public_body_id in organisations:
        return True
    return collaboration.entrepreneurs.filter(pk__in=organisations).exists()
