"""Thin views for the organisation pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from veier.organisations import selectors, services
from veier.organisations.forms import InvitationForm, OrganisationForm
from veier.organisations.models import Organisation


def organisation_list(request):
    kind = request.GET.get("kind")
    if kind not in Organisation.Kind.values:
        kind = None
    context = {"organisations": selectors.organisation_list(kind=kind), "kind": kind, "kinds": Organisation.Kind}
    return render(request, "organisations/list.html", context)


def organisation_detail(request, slug: str, invitation_form: InvitationForm | None = None, status: int = 200):
    organisation = get_object_or_404(Organisation.objects.select_related("kommune__fylke", "fylke"), slug=slug)
    admin = selectors.is_admin(request.user, organisation)
    context = {
        "organisation": organisation,
        "role": selectors.role_of(request.user, organisation),
        "is_admin": admin,
        "members": selectors.members_of(organisation) if admin else None,
        "invitations": selectors.open_invitations(organisation) if admin else None,
        "invitation_form": invitation_form or InvitationForm(),
    }
    return render(request, "organisations/detail.html", context, status=status)


def _registry_prefill(request):
    """Form data completed from the Enhetsregisteret for the organisation number typed, if found."""
    from veier.registry.selectors import get_unit, prefill

    data = request.POST.copy()
    unit = get_unit(data.get("orgnr", ""))
    if unit is None:
        return data, None
    values = prefill(unit)
    data["name"] = values["name"]
    if values["kommunenummer"]:
        data["kommune"] = values["kommunenummer"]
    return data, unit


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    if request.method == "POST" and "lookup" in request.POST:
        # «Fetch from the register»: fill in what the register knows, then let the user review.
        data, unit = _registry_prefill(request)
        form = OrganisationForm(initial=data.dict())
        context = {"form": form, "registry_unit": unit, "looked_up": True}
        return render(request, "organisations/create.html", context)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(creator=request.user, **form.save_fields())
        messages.success(request, _("%(name)s is created. You are its administrator.") % {"name": organisation.name})
        if not organisation.is_public_body:
            # A social entrepreneur's next step is its public profile in the directory.
            from veier.directory.services import ensure_profile, save_profile

            profile = ensure_profile(organisation)
            if form.registry_unit is not None:
                save_profile(profile, changed_by=request.user,
                             organisation_form=form.registry_unit.organisation_form_id or "")
        return redirect(organisation)
    return render(request, "organisations/create.html", {"form": form}, status=422 if form.errors else 200)


@login_required
@require_POST
def invite(request, slug: str):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not selectors.is_admin(request.user, organisation):
        return render(request, "403.html", status=403)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invite_member(organisation=organisation, invited_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("email", error.message_dict.get("email", error.messages))
        else:
            messages.success(request, _("An invitation is sent to %(email)s.") % {"email": invitation.email})
            return redirect(organisation)
    return organisation_detail(request, slug, invitation_form=form, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def accept(request, token: str):
    if request.method == "POST":
        try:
            membership = services.accept_invitation(token=token, user=request.user)
        except ValidationError as error:
            return render(request, "organisations/accept.html", {"error": error.messages[0]}, status=400)
        messages.success(request, _("You are now a member of %(name)s.") % {"name": membership.organisation.name})
        return redirect(membership.organisation)
    invitation = services.Invitation.objects.select_related("organisation").filter(token=token).first()
    return render(request, "organisations/accept.html", {"invitation": invitation})
