"""Thin views for challenges and pitches."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from veier.challenges import selectors, services
from veier.challenges.forms import ChallengeForm, MessageForm, PitchForm, PitchStateForm
from veier.challenges.models import Challenge
from veier.organisations.models import Membership, Organisation
from veier.organisations.selectors import organisation_ids


def _memberships(user, kind: str):
    if not user.is_authenticated:
        return []
    return list(Membership.objects.filter(user=user, organisation__kind=kind).select_related("organisation"))


def challenge_list(request):
    challenges = selectors.challenges_visible_to(request.user).prefetch_related("service_areas")
    own = organisation_ids(request.user)
    context = {
        "published": [c for c in challenges if c.visibility == Challenge.Visibility.PUBLISHED],
        "own": [c for c in challenges if c.public_body_id in own],
        "can_post": bool(_memberships(request.user, Organisation.Kind.PUBLIC_BODY)),
    }
    return render(request, "challenges/list.html", context)


def challenge_detail(request, pk: int):
    challenge = selectors.challenge_for(request.user, pk)
    owner = selectors.is_member_of_body(request.user, challenge)
    matches = None
    if owner:
        from veier.matching.selectors import match_entrepreneurs, reason_text

        found = match_entrepreneurs(
            challenge.match_text(), kommune=next(iter(challenge.kommuner.all()), None),
            service_areas=[a.code for a in challenge.service_areas.all()],
            target_groups=[g.code for g in challenge.target_groups.all()], limit=10,
        )
        matches = [(match, [reason_text(r) for r in match.reasons]) for match in found]
    context = {
        "challenge": challenge, "owner": owner, "matches": matches,
        "pitches": challenge.pitches.select_related("sender") if owner else None,
        "entrepreneur_memberships": _memberships(request.user, Organisation.Kind.SOCIAL_ENTREPRENEUR),
    }
    return render(request, "challenges/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def challenge_edit(request, pk: int | None = None):
    if pk is None:
        bodies = _memberships(request.user, Organisation.Kind.PUBLIC_BODY)
        if not bodies:
            return render(request, "403.html", status=403)
        body_id = request.POST.get("public_body") or request.GET.get("public_body") or bodies[0].organisation_id
        body = next((m.organisation for m in bodies if str(m.organisation_id) == str(body_id)), None)
        if body is None:
            return render(request, "403.html", status=403)
        challenge = Challenge(public_body=body, contact_name=request.user.full_name, contact_email=request.user.email)
    else:
        challenge = selectors.challenge_for(request.user, pk)
        if not selectors.is_member_of_body(request.user, challenge):
            return render(request, "403.html", status=403)
    form = ChallengeForm(request.POST or None, instance=challenge)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        challenge = services.save_challenge(challenge, user=request.user, **data)
        messages.success(request, _("The challenge is saved."))
        return redirect(challenge)
    bodies = _memberships(request.user, Organisation.Kind.PUBLIC_BODY) if pk is None else []
    return render(request, "challenges/edit.html", {"form": form, "challenge": challenge, "bodies": bodies},
                  status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def pitch_create(request, pk: int | None = None, slug: str | None = None):
    """A pitch to a challenge (pk) or unsolicited to a public body's front door (slug)."""
    challenge = selectors.challenge_for(request.user, pk) if pk else None
    body = challenge.public_body if challenge else get_object_or_404(
        Organisation, slug=slug, kind=Organisation.Kind.PUBLIC_BODY)
    senders = _memberships(request.user, Organisation.Kind.SOCIAL_ENTREPRENEUR)
    if not senders:
        return render(request, "403.html", status=403)
    if challenge and not challenge.is_open:
        return render(request, "challenges/closed.html", {"challenge": challenge}, status=409)
    initial = {"service_area": request.GET.get("service_area")}
    if challenge:
        initial["service_area"] = next(iter(challenge.service_areas.all()), None)
    form = PitchForm(request.POST or None, initial=initial)
    sender_id = request.POST.get("sender") or senders[0].organisation_id
    sender = next((m.organisation for m in senders if str(m.organisation_id) == str(sender_id)), None)
    if request.method == "POST" and form.is_valid() and sender is not None:
        try:
            pitch = services.send_pitch(sender=sender, public_body=body, user=request.user, challenge=challenge,
                                        **form.cleaned_data)
        except ValidationError as error:
            if challenge and not challenge.is_open:
                return render(request, "challenges/closed.html", {"challenge": challenge}, status=409)
            form.add_error(None, error)
        else:
            messages.success(request, _("Your pitch is sent to %(body)s.") % {"body": body.name})
            return redirect(pitch)
    context = {"form": form, "challenge": challenge, "body": body, "senders": senders, "sender": sender}
    return render(request, "challenges/pitch_form.html", context, status=422 if form.errors else 200)


@login_required
def pitch_list(request):
    pitches = selectors.pitches_visible_to(request.user)
    own = organisation_ids(request.user)
    context = {"sent": [p for p in pitches if p.sender_id in own],
               "received": [p for p in pitches if p.public_body_id in own]}
    return render(request, "challenges/pitch_list.html", context)


@login_required
def pitch_detail(request, pk: int, message_form=None, state_form=None, status=200):
    pitch = selectors.pitch_for(request.user, pk)
    if request.method == "GET":
        pitch = services.mark_read(pitch, user=request.user)
    side = selectors.side_of(request.user, pitch)
    context = {
        "pitch": pitch, "side": side, "events": pitch.events.select_related("author", "author_organisation"),
        "message_form": message_form or MessageForm(),
        "state_form": state_form or PitchStateForm(),
        "can_move": side == "body" and bool(services.TRANSITIONS[pitch.state]),
    }
    return render(request, "challenges/pitch_detail.html", context, status=status)


@login_required
@require_POST
def pitch_message(request, pk: int):
    pitch = selectors.pitch_for(request.user, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        services.post_message(pitch, user=request.user, message=form.cleaned_data["message"])
        return redirect(pitch)
    return pitch_detail(request, pk, message_form=form, status=422)


@login_required
@require_POST
def pitch_move(request, pk: int):
    pitch = selectors.pitch_for(request.user, pk)
    form = PitchStateForm(request.POST)
    if form.is_valid():
        try:
            pitch = services.move_pitch(pitch, form.cleaned_data["state"], user=request.user,
                                        reason=form.cleaned_data["reason"])
        except PermissionDenied:
            return render(request, "403.html", status=403)
        except ValidationError as error:
            form.add_error("reason" if hasattr(error, "error_dict") else None, error.messages[0])
        else:
            messages.success(request, _("The pitch is now «%(state)s».") % {"state": pitch.get_state_display()})
            return redirect(pitch)
    return pitch_detail(request, pk, state_form=form, status=422)


@login_required
def for_us(request):
    """For an entrepreneur: open challenges and front doors ranked by fit."""
    from veier.challenges.matching import rank_for_entrepreneur

    memberships = _memberships(request.user, Organisation.Kind.SOCIAL_ENTREPRENEUR)
    if not memberships:
        return render(request, "403.html", status=403)
    organisation = memberships[0].organisation
    ranked = rank_for_entrepreneur(organisation)
    return render(request, "challenges/for_us.html", {"organisation": organisation, **ranked})
