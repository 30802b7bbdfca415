"""Thin views for funding: the catalogue, «what fits us», deadlines as iCalendar, and the de minimis register."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from veier.collaborations import selectors as collaboration_selectors
from veier.core.spreadsheets import table_download
from veier.funding import deminimis, ical, selectors, services
from veier.funding.forms import DeMinimisForm, FilterForm, MatchForm
from veier.organisations.selectors import memberships_for


def _filters(request) -> tuple[FilterForm, dict]:
    form = FilterForm(request.GET or None)
    values = {}
    if form.is_valid():
        data = form.cleaned_data
        values = {"service_area": data["service_area"].code if data["service_area"] else None,
                  "applicant": data["applicant"] or None, "timing": data["timing"] or None}
    return form, values


def scheme_list(request):
    form, values = _filters(request)
    found = selectors.filter_schemes(**values)
    today = timezone.localdate()
    rows = [(scheme, selectors.next_deadlines(scheme, today)) for scheme in found]
    context = {"form": form, "rows": rows, "query": request.GET.urlencode(), "total": selectors.schemes().count()}
    return render(request, "funding/list.html", context)


def scheme_detail(request, slug: str):
    scheme = get_object_or_404(selectors.schemes(), slug=slug)
    context = {"scheme": scheme, "next_deadlines": selectors.next_deadlines(scheme, timezone.localdate())}
    return render(request, "funding/detail.html", context)


def deadlines_ics(request):
    """The filtered catalogue's deadlines as an iCalendar file, one yearly event per deadline."""
    _form, values = _filters(request)
    today = timezone.localdate()
    events = []
    for scheme in selectors.filter_schemes(**values):
        for day in selectors.next_deadlines(scheme, today):
            events.append({
                "uid": f"{scheme.slug}-{day:%m%d}@veier.funding",
                "day": day,
                "summary": _("Deadline: %(name)s") % {"name": scheme.name},
                "description": f"{scheme.provider}. {scheme.conditions}",
                "url": request.build_absolute_uri(scheme.get_absolute_url()),
            })
    body = ical.calendar(events, stamp=timezone.now().astimezone(dt.UTC),
                         name=_("Funding deadlines – Veier"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="veier-frister.ics"'
    return response


def match(request):
    """«What fits us»: from one of the user's organisations or collaborations, or from a described profile."""
    organisations = [m.organisation for m in memberships_for(request.user)]
    collaborations = list(collaboration_selectors.visible_to(request.user).select_related("public_body")[:50])
    profile = None
    form = MatchForm(request.GET if "applicant" in request.GET else None)
    if slug := request.GET.get("organisation"):
        organisation = next((o for o in organisations if o.slug == slug), None)
        if organisation is None:
            return render(request, "403.html", status=403)
        profile = selectors.profile_for_organisation(organisation)
    elif pk := request.GET.get("collaboration"):
        collaboration = next((c for c in collaborations if str(c.pk) == pk), None)
        if collaboration is None:
            return render(request, "403.html", status=403)
        profile = selectors.profile_for_collaboration(collaboration)
    elif form.is_bound and form.is_valid():
        data = form.cleaned_data
        applicants = {data["applicant"]}
        if data["applicant"] == "entrepreneur" and data["organisation_form"] in selectors.VOLUNTARY_FORMS:
            applicants.add("voluntary")
        profile = selectors.Profile(applicants=applicants, organisation_form=data["organisation_form"],
                                    service_areas={a.code for a in data["service_areas"]})
    fits = selectors.match(profile) if profile else None
    context = {"form": form, "organisations": organisations, "collaborations": collaborations, "profile": profile,
               "fits": fits}
    return render(request, "funding/match.html", context, status=422 if form.errors else 200)


# --- de minimis register ------------------------------------------------------------------------------------------


def _bodies_or_403(request):
    bodies = selectors.public_bodies_of(request.user)
    return bodies if bodies.exists() else None


@login_required
def deminimis_register(request):
    bodies = _bodies_or_403(request)
    if bodies is None:
        return render(request, "403.html", status=403)
    orgnr = request.GET.get("orgnr", "").replace(" ", "")
    if orgnr:
        return redirect("funding:deminimis_undertaking", orgnr=orgnr)
    grants = selectors.register_of(bodies)[:500]
    return render(request, "funding/deminimis_register.html", {"bodies": bodies, "grants": grants})


@login_required
def deminimis_undertaking(request, orgnr: str):
    bodies = _bodies_or_403(request)
    if bodies is None:
        return render(request, "403.html", status=403)
    summary = selectors.undertaking_summary(orgnr, timezone.localdate())
    return render(request, "funding/deminimis_undertaking.html", {"summary": summary, "orgnr": orgnr})


@login_required
@require_http_methods(["GET", "POST"])
def deminimis_new(request):
    """Record a grant. Before saving, the form shows the headroom under the ceiling in force on the grant
    date; a grant that would exceed it is only saved when the user confirms it knowingly."""
    bodies = _bodies_or_403(request)
    if bodies is None:
        return render(request, "403.html", status=403)
    form = DeMinimisForm(request.POST or None, public_bodies=bodies,
                         initial={"orgnr": request.GET.get("orgnr", "")})
    assessment = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        history = [selectors.as_aid(g) for g in selectors.grants_to(data["orgnr"])]
        new = deminimis.Aid(granted_on=data["granted_on"], amount_nok=data["amount_nok"], eur_rate=data["eur_rate"],
                            kind=data["kind"])
        try:
            before = deminimis.assess(history, data["granted_on"], kind=data["kind"])
            assessment = deminimis.assess(history, data["granted_on"], kind=data["kind"], new=new)
        except LookupError:
            form.add_error("granted_on", _("Veier knows no de minimis ceiling for this date."))
        else:
            checking = request.POST.get("action") == "check"
            if not checking and (not assessment.exceeded or data["confirm_over_ceiling"]):
                fields = {k: v for k, v in data.items() if k != "confirm_over_ceiling"}
                services.record_grant(created_by=request.user, **fields)
                messages.success(request, _("The grant is recorded."))
                return redirect("funding:deminimis_undertaking", orgnr=data["orgnr"])
            context = {"form": form, "assessment": assessment, "before": before, "new": new}
            return render(request, "funding/deminimis_form.html", context, status=200 if checking else 409)
    return render(request, "funding/deminimis_form.html", {"form": form, "assessment": assessment},
                  status=422 if form.errors else 200)


EXPORT_COLUMNS = ["granted_by", "granted_by_orgnr", "orgnr", "undertaking", "granted_on", "amount_nok", "eur_rate",
                  "amount_eur", "kind", "legal_basis", "purpose"]


def _export_rows(grants):
    """Only organisations and amounts: the register never exports who typed a grant in."""
    for g in grants:
        yield [g.public_body.name, g.public_body.orgnr, g.orgnr, g.recipient_name, g.granted_on.isoformat(),
               str(g.amount_nok), str(g.eur_rate), str(g.amount_eur), g.kind, g.legal_basis, g.purpose]


@login_required
def deminimis_export(request, fmt: str):
    bodies = _bodies_or_403(request)
    if bodies is None:
        return render(request, "403.html", status=403)
    grants = selectors.register_of(bodies).order_by("granted_on", "id")
    return table_download(fmt, EXPORT_COLUMNS, _export_rows(grants), filename="bagatellstotte",
                          sheet_title="Bagatellstøtte")
