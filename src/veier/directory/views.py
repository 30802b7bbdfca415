"""Thin views for the directory: search, profiles, kommune pages and front doors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from veier.directory import selectors, services
from veier.directory.forms import FrontDoorForm, ProfileForm, SearchForm
from veier.directory.models import EntrepreneurProfile, FrontDoor
from veier.organisations.models import Organisation
from veier.organisations.selectors import role_of
from veier.reference.models import Kommune


def search(request):
    form = SearchForm(request.GET or None)
    query = selectors.DirectoryQuery()
    if form.is_valid():
        data = form.cleaned_data
        query = selectors.DirectoryQuery(
            q=data["q"] or "",
            service_area=data["service_area"].code if data["service_area"] else None,
            target_group=data["target_group"].code if data["target_group"] else None,
            fylke=data["fylke"].number if data["fylke"] else None,
            kommune=data["kommune"].number if data["kommune"] else None,
            organisation_form=data["organisation_form"] or None,
            page=data["page"] or 1,
        )
    result = selectors.search_entrepreneurs(query, with_facets=True)
    params = request.GET.copy()
    params.pop("page", None)
    context = {"form": form, "result": result, "query": query, "params": params.urlencode()}
    template = "directory/_results.html" if request.htmx else "directory/search.html"
    return render(request, template, context)


def profile(request, slug: str):
    organisation = get_object_or_404(
        Organisation.objects.select_related("kommune__fylke"), slug=slug, kind=Organisation.Kind.SOCIAL_ENTREPRENEUR
    )
    entry = EntrepreneurProfile.objects.filter(organisation=organisation).prefetch_related(
        "service_areas", "target_groups", "kommuner", "fylker", "references"
    ).first()
    role = role_of(request.user, organisation)
    if entry is None or (not entry.is_public and role is None):
        if role is None:
            raise Http404
    context = {
        "organisation": organisation, "profile": entry, "can_edit": role is not None,
        "changes": entry.changes.select_related("changed_by")[:10] if entry and role else None,
    }
    return render(request, "directory/profile.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request, slug: str):
    organisation = get_object_or_404(Organisation, slug=slug, kind=Organisation.Kind.SOCIAL_ENTREPRENEUR)
    if role_of(request.user, organisation) is None:
        return render(request, "403.html", status=403)
    entry = services.ensure_profile(organisation)
    initial = {
        "name": organisation.name, "description": organisation.description, "website": organisation.website,
        "summary": entry.summary, "contact_email": entry.contact_email, "contact_phone": entry.contact_phone,
        "evidence": entry.evidence, "evidence_links": "\n".join(entry.evidence_links), "is_public": entry.is_public,
        "service_areas": entry.service_areas.all(), "target_groups": entry.target_groups.all(),
        "kommuner": entry.kommuner.all(), "fylker": entry.fylker.all(), "references": entry.references.all(),
    }
    form = ProfileForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not data["logo"]:
            data.pop("logo")
        services.save_profile(entry, changed_by=request.user, **data)
        messages.success(request, _("The profile is saved."))
        return redirect("directory:profile", slug=organisation.slug)
    return render(request, "directory/profile_edit.html", {"form": form, "organisation": organisation},
                  status=422 if form.errors else 200)


def kommune_list(request):
    kommuner = Kommune.objects.select_related("fylke").order_by("fylke__number", "name")
    return render(request, "directory/kommune_list.html", {"kommuner": kommuner})


def kommune_detail(request, number: str):
    kommune = get_object_or_404(Kommune.objects.select_related("fylke"), number=number)
    bodies = selectors.front_doors_for_kommune(kommune)
    context = {
        "kommune": kommune,
        "bodies": bodies,
        "has_front_doors": any(doors for _body, doors in bodies),
        "entrepreneurs": selectors.entrepreneurs_serving(kommune).order_by("organisation__name")[:50],
    }
    return render(request, "directory/kommune_detail.html", context)


def _public_body_for_member(request, slug: str) -> Organisation | None:
    organisation = get_object_or_404(Organisation, slug=slug, kind=Organisation.Kind.PUBLIC_BODY)
    return organisation if role_of(request.user, organisation) else None


@login_required
@require_http_methods(["GET", "POST"])
def front_doors(request, slug: str):
    organisation = _public_body_for_member(request, slug)
    if organisation is None:
        return render(request, "403.html", status=403)
    form = FrontDoorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.save_front_door(FrontDoor(organisation=organisation), **form.cleaned_data)
        messages.success(request, _("The contact point is added."))
        return redirect("directory:front_doors", slug=slug)
    context = {"organisation": organisation, "form": form,
               "doors": organisation.front_doors.select_related("service_area")}
    return render(request, "directory/front_doors.html", context, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def front_door_edit(request, slug: str, pk: int):
    organisation = _public_body_for_member(request, slug)
    if organisation is None:
        return render(request, "403.html", status=403)
    door = get_object_or_404(FrontDoor, pk=pk, organisation=organisation)
    form = FrontDoorForm(request.POST or None, instance=door)
    if request.method == "POST" and form.is_valid():
        services.save_front_door(door, **form.cleaned_data)
        messages.success(request, _("The contact point is saved."))
        return redirect("directory:front_doors", slug=slug)
    return render(request, "directory/front_door_edit.html", {"organisation": organisation, "form": form,
                                                              "door": door}, status=422 if form.errors else 200)


@login_required
@require_POST
def front_door_delete(request, slug: str, pk: int):
    organisation = _public_body_for_member(request, slug)
    if organisation is None:
        return render(request, "403.html", status=403)
    services.delete_front_door(get_object_or_404(FrontDoor, pk=pk, organisation=organisation))
    messages.success(request, _("The contact point is deleted."))
    return redirect("directory:front_doors", slug=slug)
