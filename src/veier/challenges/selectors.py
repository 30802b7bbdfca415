"""Reads for challenges and pitches, with who may see what.

Drafts are seen only by their own organisation; a pitch only by the sending entrepreneur and the
addressed public body.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from veier.challenges.models import Challenge, Pitch
from veier.organisations.selectors import organisation_ids


def challenges_visible_to(user) -> QuerySet[Challenge]:
    visible = Q(visibility__in=[Challenge.Visibility.PUBLISHED, Challenge.Visibility.CLOSED])
    own = organisation_ids(user)
    if own:
        visible |= Q(public_body__in=own)
    return Challenge.objects.filter(visible).select_related("public_body__kommune")


def challenge_for(user, pk: int) -> Challenge:
    challenge = challenges_visible_to(user).filter(pk=pk).first()
    if challenge is None:
        raise Http404
    return challenge


def is_member_of_body(user, challenge: Challenge) -> bool:
    return challenge.public_body_id in organisation_ids(user)


def pitches_visible_to(user) -> QuerySet[Pitch]:
    own = organisation_ids(user)
    return Pitch.objects.filter(Q(sender__in=own) | Q(public_body__in=own)).select_related(
        "sender", "public_body", "challenge"
    )


def pitch_for(user, pk: int) -> Pitch:
    pitch = pitches_visible_to(user).filter(pk=pk).first()
    if pitch is None:
        raise Http404
    return pitch


def side_of(user, pitch: Pitch) -> str | None:
    """"body" for members of the addressed public body, "sender" for the entrepreneur's members."""
    own = organisation_ids(user)
    if pitch.public_body_id in own:
        return "body"
    if pitch.sender_id in own:
        return "sender"
    return None
