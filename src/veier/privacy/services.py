"""A person's own data: export it all, or delete the account and keep only what others need, anonymised.

What deleting an account does, and why:
- The user row goes, and with it the memberships, the e-mail address, the name and any login
  lock-out records for that address. Invitations sent to the address go too.
- What the person wrote for an organisation stays, because the other party relies on it: a pitch
  a kommune is assessing, messages in a conversation, challenges, analyses. Their author becomes
  empty (the pages show «Deleted user»); the text is the organisation's record, not the person's.
- Audit events keep the actor's id. After deletion that id points to no one, so it identifies
  no one, and the organisation's history stays complete.
- The last administrator of an organisation that has other members must first make one of them
  an administrator: otherwise nobody could manage the organisation. If the person is the only
  member, the organisation is left without members; platform staff can invite a new
  administrator from the admin site. (Decided in issue 8.)
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q

from veier.audit import services as audit
from veier.audit.models import AuditEvent
from veier.challenges.models import Challenge, Pitch, PitchEvent
from veier.organisations.models import Invitation, Membership, Organisation

PITCH_FIELDS = ("id", "title", "problem", "target_group", "solution", "evidence", "cost", "ask", "state",
                "created_at", "updated_at")


class HandOverFirst(Exception):
    """The user is the only administrator of organisations that have other members."""

    def __init__(self, organisations: list[Organisation]):
        super().__init__(", ".join(o.name for o in organisations))
        self.organisations = organisations


def organisations_needing_hand_over(user) -> list[Organisation]:
    """Organisations where the user is the only admin and someone else is a member."""
    admin_of = Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values("organisation_id")
    return list(
        Organisation.objects.filter(pk__in=admin_of)
        .annotate(
            admins=Count("memberships", filter=Q(memberships__role=Membership.Role.ADMIN)),
            members=Count("memberships"),
        )
        .filter(admins=1, members__gt=1)
        .order_by("name")
    )


def _iso(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _rows(queryset, fields) -> list[dict]:
    return [{key: _iso(value) for key, value in row.items()} for row in queryset.values(*fields)]


def export_data(user) -> dict:
    """Everything Veier holds about the user as a person, as JSON-ready data (GDPR art. 15 and 20)."""
    return {
        "format": "veier-personal-data/1",
        "profile": {
            "id": user.pk, "email": user.email, "full_name": user.full_name, "language": user.language,
            "email_confirmed": user.email_confirmed, "is_active": user.is_active, "is_staff": user.is_staff,
            "date_joined": _iso(user.date_joined), "last_login": _iso(user.last_login),
        },
        "memberships": _rows(
            Membership.objects.filter(user=user).order_by("created_at"),
            ["organisation__name", "organisation__slug", "role", "created_at"],
        ),
        "invitations_received": _rows(
            Invitation.objects.filter(email__iexact=user.email), ["organisation__name", "role", "created_at"]
        ),
        "pitches_written": _rows(
            Pitch.objects.filter(created_by=user).order_by("created_at"),
            [*PITCH_FIELDS, "sender__name", "public_body__name"],
        ),
        "messages_written": _rows(
            PitchEvent.objects.filter(author=user).exclude(message="").order_by("created_at"),
            ["pitch_id", "pitch__title", "author_organisation__name", "message", "state", "created_at"],
        ),
        "challenges_written": _rows(
            Challenge.objects.filter(created_by=user).order_by("created_at"),
            ["id", "title", "public_body__name", "contact_name", "contact_email", "created_at"],
        ),
        "audit_events": _rows(
            AuditEvent.objects.filter(actor_id=user.pk).order_by("occurred_at", "id"),
            ["occurred_at", "action", "object_type", "object_id", "object_label", "organisation_id", "changes"],
        ),
    }


@transaction.atomic
def delete_account(user) -> None:
    """Delete the user, keeping their organisations' records anonymised (see the module docstring)."""
    blocking = organisations_needing_hand_over(user)
    if blocking:
        raise HandOverFirst(blocking)
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    email = user.email.lower()
    audit.record(user, None, "account.deleted", None)
    Invitation.objects.filter(email__iexact=email).delete()
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=email).delete()
    user.delete()
