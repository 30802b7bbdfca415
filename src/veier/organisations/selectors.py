"""Reads for organisations and memberships."""

from __future__ import annotations

from django.db.models import QuerySet

from veier.organisations.models import Invitation, Membership, Organisation


def memberships_for(user) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__name")


def organisation_ids(user) -> set[int]:
    """Ids of the organisations the user belongs to (empty for anonymous visitors)."""
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))


def organisation_list(*, kind: str | None = None) -> QuerySet[Organisation]:
    organisations = Organisation.objects.select_related("kommune", "fylke")
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations.order_by("name")


def role_of(user, organisation: Organisation) -> str | None:
    """The user's role in the organisation ("member" or "admin"), or None for outsiders."""
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True).first()


def is_admin(user, organisation: Organisation) -> bool:
    return role_of(user, organisation) == Membership.Role.ADMIN


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("user__full_name")


def open_invitations(organisation: Organisation) -> QuerySet[Invitation]:
    return organisation.invitations.filter(accepted_at__isnull=True)
