"""Writes for challenges and pitches, with e-mail notifications on every state change and message."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from veier.audit import services as audit
from veier.challenges.models import Challenge, Pitch, PitchEvent
from veier.challenges.selectors import side_of
from veier.organisations.models import Membership, Organisation

# Which states the public body may move a pitch to, from each state.
TRANSITIONS = {
    Pitch.State.SENT: {Pitch.State.READ, Pitch.State.DIALOGUE, Pitch.State.DECLINED, Pitch.State.COLLABORATION},
    Pitch.State.READ: {Pitch.State.DIALOGUE, Pitch.State.DECLINED, Pitch.State.COLLABORATION},
    Pitch.State.DIALOGUE: {Pitch.State.DECLINED, Pitch.State.COLLABORATION},
    Pitch.State.DECLINED: set(),
    Pitch.State.COLLABORATION: set(),
}
LISTS = ("service_areas", "target_groups", "kommuner")


@transaction.atomic
def save_challenge(challenge: Challenge, *, user, **fields) -> Challenge:
    if not Membership.objects.filter(user=user, organisation_id=challenge.public_body_id).exists():
        raise PermissionDenied
    before = audit.snapshot(challenge, fields) if challenge.pk else {}
    lists = {name: fields.pop(name) for name in LISTS if name in fields}
    for name, value in fields.items():
        setattr(challenge, name, value)
    if challenge.pk is None:
        challenge.created_by = user
    challenge.updated_at = timezone.now()
    challenge.full_clean()
    challenge.save()
    for name, values in lists.items():
        getattr(challenge, name).set(list(values))
    audit.record(user, challenge.public_body_id, "challenge.updated" if before else "challenge.created", challenge,
                 audit.diff(before, challenge) if before else {**fields, **lists})
    return challenge


@transaction.atomic
def send_pitch(*, sender: Organisation, public_body: Organisation, user, challenge: Challenge | None = None,
               **fields) -> Pitch:
    if not Membership.objects.filter(user=user, organisation=sender).exists():
        raise PermissionDenied
    if sender.kind != Organisation.Kind.SOCIAL_ENTREPRENEUR:
        raise ValidationError(_("Only social entrepreneurs can send pitches."))
    if public_body.kind != Organisation.Kind.PUBLIC_BODY:
        raise ValidationError(_("A pitch goes to a public body."))
    if challenge is not None:
        challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if not challenge.is_open:
            raise ValidationError(_("This challenge is closed for new pitches. Thank you for your interest!"))
        public_body = challenge.public_body
    pitch = Pitch(sender=sender, public_body=public_body, challenge=challenge, created_by=user, **fields)
    pitch.full_clean()
    pitch.save()
    PitchEvent.objects.create(pitch=pitch, author=user, author_organisation=sender, state=Pitch.State.SENT)
    audit.record(user, sender, "pitch.sent", pitch, {"public_body": public_body, "challenge": challenge})
    notify(pitch, to="body", event="sent")
    return pitch


@transaction.atomic
def mark_read(pitch: Pitch, *, user) -> Pitch:
    """The addressed body has opened the pitch: sent → read, once."""
    if side_of(user, pitch) == "body" and pitch.state == Pitch.State.SENT:
        return move_pitch(pitch, Pitch.State.READ, user=user)
    return pitch


@transaction.atomic
def move_pitch(pitch: Pitch, state: str, *, user, reason: str = "") -> Pitch:
    if side_of(user, pitch) != "body":
        raise PermissionDenied
    pitch = Pitch.objects.select_for_update().get(pk=pitch.pk)
    if state not in TRANSITIONS[pitch.state]:
        raise ValidationError(_("A pitch that is «%(current)s» cannot be moved to «%(new)s».")
                              % {"current": pitch.get_state_display(), "new": Pitch.State(state).label})
    if state == Pitch.State.DECLINED and not reason.strip():
        raise ValidationError({"reason": _("Tell the entrepreneur why the pitch is declined.")})
    pitch.state = state
    pitch.decline_reason = reason.strip() if state == Pitch.State.DECLINED else pitch.decline_reason
    if state == Pitch.State.COLLABORATION:
        from veier.collaborations.services import create_collaboration

        pitch.collaboration = create_collaboration(
            title=pitch.title, description=pitch.solution, public_body=pitch.public_body,
            entrepreneurs=[pitch.sender], created_by=user,
            service_area=pitch.service_area or (pitch.challenge.service_areas.first() if pitch.challenge else None),
        )
    pitch.updated_at = timezone.now()
    pitch.save()
    organisation = pitch.public_body
    PitchEvent.objects.create(pitch=pitch, author=user, author_organisation=organisation, state=state,
                              message=pitch.decline_reason if state == Pitch.State.DECLINED else "")
    audit.record(user, organisation, "pitch.moved", pitch, {"state": [None, state]})
    notify(pitch, to="sender", event=state)
    return pitch


@transaction.atomic
def post_message(pitch: Pitch, *, user, message: str) -> PitchEvent:
    side = side_of(user, pitch)
    if side is None:
        raise PermissionDenied
    if not message.strip():
        raise ValidationError({"message": _("Write a message first.")})
    organisation = pitch.public_body if side == "body" else pitch.sender
    event = PitchEvent.objects.create(pitch=pitch, author=user, author_organisation=organisation,
                                      message=message.strip())
    Pitch.objects.filter(pk=pitch.pk).update(updated_at=timezone.now())
    audit.record(user, organisation, "pitch.message", pitch, {"message": "[new]"})
    notify(pitch, to="sender" if side == "body" else "body", event="message", message=message.strip())
    return event


def notify(pitch: Pitch, *, to: str, event: str, message: str = "") -> None:
    """E-mail every member of the other side, in their own language, once the transaction commits."""
    organisation = pitch.public_body if to == "body" else pitch.sender
    members = list(Membership.objects.filter(organisation=organisation).select_related("user"))
    link = settings.SITE_URL.rstrip("/") + pitch.get_absolute_url()

    def send() -> None:
        messages = []
        for membership in members:
            with translation.override(membership.user.language):
                context = {"pitch": pitch, "event": event, "message": message, "link": link,
                           "state": Pitch.State(event).label if event in Pitch.State.values else ""}
                subject = render_to_string("challenges/email/pitch_subject.txt", context).strip()
                body = render_to_string("challenges/email/pitch_body.txt", context)
            messages.append((subject, body, None, [membership.user.email]))
        send_mass_mail(messages)

    transaction.on_commit(send)
