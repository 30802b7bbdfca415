"""API routes for the case library."""

from __future__ import annotations

from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from veier.advisor.selectors import form_titles
from veier.cases import selectors
from veier.cases.models import SIZE_BANDS
from veier.reference.models import Fylke, ServiceArea

router = Router(tags=["cases"])


class CaseOut(Schema):
    slug: str
    origin: str
    title: str
    public_body: str
    entrepreneurs: list[str]
    kommune: str | None
    fylke: str | None
    service_area: str | None
    form: str
    money: str
    money_nok: float | None
    duration: str
    summary: str
    results: str
    lessons: str
    source: str
    source_detail: str
    url: str


class CaseFilters(Schema):
    q: str = ""
    service_area: str | None = None
    form: str | None = None
    fylke: str | None = None
    size: str | None = None


@router.get("/cases", response=list[CaseOut], summary="Published examples of collaboration")
def list_cases(request, filters: Query[CaseFilters]):
    if filters.service_area and not ServiceArea.objects.filter(code=filters.service_area).exists():
        raise HttpError(422, f"Unknown service_area: {filters.service_area}")
    if filters.fylke and not Fylke.objects.filter(number=filters.fylke).exists():
        raise HttpError(422, f"Unknown fylke: {filters.fylke}")
    if filters.form and filters.form not in form_titles("en"):
        raise HttpError(422, f"Unknown form: {filters.form}")
    if filters.size and filters.size not in {code for code, *_rest in SIZE_BANDS}:
        raise HttpError(422, f"Unknown size: {filters.size}")
    if len(filters.q) > 200:
        raise HttpError(422, "q is longer than 200 characters")
    return [
        {"slug": c.slug, "origin": c.origin, "title": c.title, "public_body": c.public_body,
         "entrepreneurs": c.entrepreneurs, "kommune": c.kommune_id, "fylke": c.fylke_id,
         "service_area": c.service_area_id, "form": c.form, "money": c.money,
         "money_nok": float(c.money_nok) if c.money_nok is not None else None, "duration": c.duration,
         "summary": c.summary, "results": c.results, "lessons": c.lessons, "source": c.source,
         "source_detail": c.source_detail, "url": request.build_absolute_uri(reverse("cases:detail", args=[c.slug]))}
        for c in selectors.search(selectors.CaseQuery(**filters.dict()))
    ]
