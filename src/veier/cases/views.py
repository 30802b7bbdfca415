"""Thin views for the case library: search, one case, and consent to publish a collaboration."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from veier.advisor.selectors import form_titles
from veier.cases import selectors, services
from veier.cases.forms import CaseSearchForm, ConsentForm
from veier.collaborations.models import Collaboration
from veier.organisations.models import Organisation


def _lang() -> str:
    return (get_language() or "nb")[:2]


def case_list(request):
    form = CaseSearchForm(request.GET or None, lang=_lang())
    query = selectors.CaseQuery()
    if form.is_valid():
        data = form.cleaned_data
        query = selectors.CaseQuery(q=data["q"],
                                    service_area=data["service_area"].code if data["service_area"] else None,
                                    form=data["form"] or None, fylke=data["fylke"].number if data["fylke"] else None,
                                    size=data["size"] or None)
    cases = list(selectors.search(query))
    context = {"form": form, "cases": cases, "form_titles": form_titles(_lang()),
               "total": selectors.published().count()}
    template = "cases/_results.html" if request.htmx else "cases/list.html"
    return render(request, template, context)


def case_detail(request, slug: str):
    case = get_object_or_404(selectors.published(), slug=slug)
    return render(request, "cases/detail.html", {"case": case, "form_title": form_titles(_lang()).get(case.form, "")})


@login_required
@require_http_methods(["GET"])
def share(request):
    return render(request, "cases/share.html", {"rows": selectors.publishable_for(request.user), "form": ConsentForm()})


@login_required
@require_POST
def consent(request, pk: int, slug: str):
    collaboration = get_object_or_404(Collaboration, pk=pk)
    organisation = get_object_or_404(Organisation, slug=slug)
    form = ConsentForm(request.POST)
    form.is_valid()
    try:
        if request.POST.get("withdraw"):
            services.withdraw(collaboration, organisation, request.user)
            messages.success(request, _("The consent is withdrawn and the case is not shown."))
        else:
            case = services.consent(collaboration, organisation, request.user, **form.cleaned_data)
            messages.success(request, _("Every party has agreed: the case is published.") if case
                             else _("Your consent is recorded. The case is published when every party agrees."))
    except services.ConsentError:
        return render(request, "403.html", status=403)
    return redirect("cases:share")
