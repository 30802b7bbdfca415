"""API routes for the directory: entrepreneurs and kommuner's front doors."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from veier.directory import selectors
from veier.directory.models import EntrepreneurProfile
from veier.organisations import orgnr as orgnr_module
from veier.reference.models import Fylke, Kommune, ServiceArea, TargetGroup

router = Router(tags=["directory"])


class EntrepreneurOut(Schema):
    orgnr: str
    name: str
    service_areas: list[str]
    target_groups: list[str]
    kommuner: list[str]
    fylker: list[str]
    nationwide: bool
    url: str


class EntrepreneurDetailOut(EntrepreneurOut):
    organisation_form: str
    summary: str
    description: str
    website: str
    contact_email: str
    evidence: str
    evidence_links: list[str]


class EntrepreneurPage(Schema):
    count: int
    page: int
    pages: int
    items: list[EntrepreneurOut]


class EntrepreneurFilters(Schema):
    q: str = ""
    service_area: str | None = None
    target_group: str | None = None
    kommune: str | None = None
    fylke: str | None = None
    organisation_form: str | None = None
    page: int = 1


class FrontDoorOut(Schema):
    organisation: str
    service_area: str | None
    unit_name: str
    contact_role: str
    contact_name: str
    decides_on: str
    how_to_pitch: str
    budget_cycle: str
    open_meetings: str
    email: str
    phone: str


class FrontDoorsOut(Schema):
    kommune: str
    filled_in: bool
    items: list[FrontDoorOut]


def entrepreneur_out(request, profile: EntrepreneurProfile) -> dict:
    organisation = profile.organisation
    return {
        "orgnr": organisation.orgnr,
        "name": organisation.name,
        "service_areas": [a.code for a in profile.service_areas.all()],
        "target_groups": [g.code for g in profile.target_groups.all()],
        "kommuner": [k.number for k in profile.kommuner.all()],
        "fylker": [f.number for f in profile.fylker.all()],
        "nationwide": profile.nationwide,
        "url": request.build_absolute_uri(reverse("directory:profile", args=[organisation.slug])),
    }


def _check_code(model, field: str, value: str | None, name: str) -> None:
    if value and not model.objects.filter(**{field: value}).exists():
        raise HttpError(422, f"Unknown {name}: {value}")


@router.get("/entrepreneurs", response=EntrepreneurPage, summary="Search public profiles of social entrepreneurs")
def list_entrepreneurs(request, filters: Query[EntrepreneurFilters]):
    _check_code(ServiceArea, "code", filters.service_area, "service_area")
    _check_code(TargetGroup, "code", filters.target_group, "target_group")
    _check_code(Kommune, "number", filters.kommune, "kommune")
    _check_code(Fylke, "number", filters.fylke, "fylke")
    if filters.page < 1:
        raise HttpError(422, "page must be 1 or more")
    if len(filters.q) > 200:
        raise HttpError(422, "q is longer than 200 characters")
    result = selectors.search_entrepreneurs(selectors.DirectoryQuery(**filters.dict()))
    return {
        "count": result.count, "page": result.page, "pages": result.pages,
        "items": [entrepreneur_out(request, profile) for profile in result.profiles],
    }


@router.get("/entrepreneurs/{orgnr}", response=EntrepreneurDetailOut, summary="One social entrepreneur's profile")
def get_entrepreneur(request, orgnr: str):
    try:
        number = orgnr_module.normalise(orgnr)
    except orgnr_module.OrgnrError as error:
        raise HttpError(422, f"Invalid organisation number ({error.code})") from None
    profile = (
        selectors.public_profiles().filter(organisation__orgnr=number).select_related("organisation")
        .prefetch_related("service_areas", "target_groups", "kommuner", "fylker").first()
    )
    if profile is None:
        raise Http404("Unknown social entrepreneur")
    organisation = profile.organisation
    return {
        **entrepreneur_out(request, profile),
        "organisation_form": profile.organisation_form, "summary": profile.summary,
        "description": organisation.description, "website": organisation.website,
        "contact_email": profile.contact_email, "evidence": profile.evidence,
        "evidence_links": profile.evidence_links,
    }


@router.get("/kommuner/{number}/front-doors", response=FrontDoorsOut, summary="Whom to contact in a kommune")
def kommune_front_doors(request, number: str):
    kommune = Kommune.objects.filter(number=number).first()
    if kommune is None:
        raise Http404("Unknown kommune number")
    items = []
    for body, doors in selectors.front_doors_for_kommune(kommune):
        for door in doors:
            items.append({
                "organisation": body.name, "service_area": door.service_area_id, "unit_name": door.unit_name,
                "contact_role": door.contact_role, "contact_name": door.contact_name, "decides_on": door.decides_on,
                "how_to_pitch": door.how_to_pitch, "budget_cycle": door.budget_cycle,
                "open_meetings": door.open_meetings, "email": door.email, "phone": door.phone,
            })
    return {"kommune": kommune.number, "filled_in": bool(items), "items": items}
