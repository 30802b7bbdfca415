"""Writes for organisations: creating them, inviting members and accepting invitations."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from veier.organisations.models import Invitation, Membership, Organisation
from veier.organisations.selectors import is_admin


def unique_slug(name: str) -> str:
    base = slugify(name.replace("æ", "ae").replace("ø", "o").replace("å", "a").replace("Æ", "Ae")
                   .replace("Ø", "O").replace("Å", "A"))[:200] or "organisasjon"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_organisation(*, creator, **fields) -> Organisation:
    """Create an organisation and make its creator its first administrator."""
    organisation = Organisation(slug=unique_slug(fields["name"]), **fields)
    organisation.full_clean()
    organisation.save()
    Membership.objects.create(organisation=organisation, user=creator, role=Membership.Role.ADMIN)
    return organisation


@transaction.atomic
def invite_member(*, organisation: Organisation, invited_by, email: str, role: str) -> Invitation:
    if not is_admin(invited_by, organisation):
        raise PermissionDenied
    email = email.strip().lower()
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    invitation = Invitation.objects.create(organisation=organisation, email=email, role=role, invited_by=invited_by)
    language = translation.get_language()
    transaction.on_commit(lambda: send_invitation_email(invitation, language))
    return invitation


def send_invitation_email(invitation: Invitation, language: str) -> None:
    link = settings.SITE_URL.rstrip("/") + reverse("organisations:accept", kwargs={"token": invitation.token})
    with translation.override(language):
        context = {"invitation": invitation, "link": link}
        subject = render_to_string("organisations/email/invitation_subject.txt", context).strip()
        body = render_to_string("organisations/email/invitation_body.txt", context)
    send_mail(subject, body, None, [invitation.email])


@transaction.atomic
def accept_invitation(*, token: str, user) -> Membership:
    invitation = Invitation.objects.select_for_update().select_related("organisation").filter(token=token).first()
    if invitation is None or invitation.accepted_at is not None or invitation.is_expired:
        raise ValidationError(_("This invitation is no longer valid. Ask the organisation for a new one."))
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email}
        )
    membership, created = Membership.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership
