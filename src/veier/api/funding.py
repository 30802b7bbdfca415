"""API routes for funding: the catalogue and, for public-body users, the de minimis register."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from veier.funding import selectors
from veier.funding.models import Applicant
from veier.organisations import orgnr as orgnr_module
from veier.reference.models import ServiceArea

router = Router(tags=["funding"])


class SchemeOut(Schema):
    slug: str
    name: str
    provider: str
    kind: str
    applicants: list[str]
    organisation_forms: list[str]
    amount_min_nok: int | None
    amount_max_nok: int | None
    rolling: bool
    deadlines: list[str]
    next_deadlines: list[date]
    service_areas: list[str]
    conditions_nb: str
    conditions_en: str
    link: str
    source: str
    last_checked: date
    unverified: list[str]
    url: str


class SchemeFilters(Schema):
    service_area: str | None = None
    applicant: str | None = None


class LimitOut(Schema):
    ceiling: str
    ceiling_id: str
    ceiling_eur: float
    period_rule: str
    window_start: date
    window_end: date
    used_eur: float
    headroom_eur: float
    exceeded: bool


class GrantOut(Schema):
    granted_on: date
    granted_by: str
    amount_nok: float
    eur_rate: float
    amount_eur: float
    kind: str
    legal_basis: str


class DeMinimisOut(Schema):
    orgnr: str
    name: str
    today: list[LimitOut]
    grants: list[GrantOut]


@router.get("/funding", response=list[SchemeOut], summary="Funding schemes, filtered by service area and applicant")
def list_schemes(request, filters: Query[SchemeFilters]):
    if filters.service_area and not ServiceArea.objects.filter(code=filters.service_area).exists():
        raise HttpError(422, f"Unknown service_area: {filters.service_area}")
    if filters.applicant and filters.applicant not in Applicant.values:
        raise HttpError(422, f"Unknown applicant: {filters.applicant} (one of {', '.join(Applicant.values)})")
    today = timezone.localdate()
    return [
        {
            "slug": s.slug, "name": s.name, "provider": s.provider, "kind": s.kind, "applicants": s.applicants,
            "organisation_forms": s.organisation_forms, "amount_min_nok": s.amount_min_nok,
            "amount_max_nok": s.amount_max_nok, "rolling": s.rolling, "deadlines": s.deadlines,
            "next_deadlines": selectors.next_deadlines(s, today),
            "service_areas": [a.code for a in s.service_areas.all()], "conditions_nb": s.conditions_nb,
            "conditions_en": s.conditions_en, "link": s.url, "source": s.source, "last_checked": s.last_checked,
            "unverified": s.unverified, "url": request.build_absolute_uri(reverse("funding:detail", args=[s.slug])),
        }
        for s in selectors.filter_schemes(service_area=filters.service_area, applicant=filters.applicant)
    ]


def _limits(assessment) -> list[dict]:
    return [
        {"ceiling": limit.key, "ceiling_id": limit.ceiling_id, "ceiling_eur": float(limit.ceiling_eur),
         "period_rule": limit.period_rule, "window_start": limit.window_start, "window_end": limit.window_end,
         "used_eur": float(limit.used_eur), "headroom_eur": float(limit.headroom_eur), "exceeded": limit.exceeded}
        for limit in assessment.limits
    ]


@router.get("/deminimis/{orgnr}", response=DeMinimisOut, auth=django_auth,
            summary="De minimis aid recorded for one undertaking (members of public bodies only)")
def deminimis_for(request, orgnr: str):
    if not selectors.public_bodies_of(request.user).exists():
        raise HttpError(403, "Only members of public bodies may read the de minimis register")
    try:
        number = orgnr_module.normalise(orgnr)
    except orgnr_module.OrgnrError as error:
        raise HttpError(422, f"Invalid organisation number ({error.code})") from None
    summary = selectors.undertaking_summary(number, timezone.localdate())
    return {
        "orgnr": number, "name": summary["name"], "today": _limits(summary["today"]),
        "grants": [
            {"granted_on": g.granted_on, "granted_by": g.public_body.name, "amount_nok": float(g.amount_nok),
             "eur_rate": float(g.eur_rate), "amount_eur": float(g.amount_eur), "kind": g.kind,
             "legal_basis": g.legal_basis}
            for g, _check in summary["rows"]
        ],
    }
