"""Reads for the directory: searching entrepreneurs, facets, and kommuner's front doors."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from veier.directory import search, text
from veier.directory.models import EntrepreneurProfile, FrontDoor
from veier.organisations.models import Organisation
from veier.reference.models import Fylke, Kommune, ServiceArea, TargetGroup

PAGE_SIZE = 20


@dataclass
class DirectoryQuery:
    q: str = ""
    service_area: str | None = None
    target_group: str | None = None
    kommune: str | None = None
    fylke: str | None = None
    organisation_form: str | None = None
    page: int = 1


@dataclass
class DirectoryResult:
    count: int
    profiles: list[EntrepreneurProfile]
    page: int
    pages: int
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)


def public_profiles() -> QuerySet[EntrepreneurProfile]:
    return EntrepreneurProfile.objects.filter(is_public=True)


# Filters use `pk IN (subquery)` rather than joins, so a profile never appears twice and no
# DISTINCT over a wide join is needed.
_Kommuner = EntrepreneurProfile.kommuner.through
_Fylker = EntrepreneurProfile.fylker.through
_Areas = EntrepreneurProfile.service_areas.through
_Groups = EntrepreneurProfile.target_groups.through


def serving_kommune(kommune: Kommune) -> Q:
    """Profiles that serve the kommune: directly, through its fylke, or the whole country."""
    return (
        Q(pk__in=_Kommuner.objects.filter(kommune=kommune).values("entrepreneurprofile_id"))
        | Q(pk__in=_Fylker.objects.filter(fylke_id=kommune.fylke_id).values("entrepreneurprofile_id"))
        | Q(nationwide=True)
    )


def serving_fylke(fylke: Fylke) -> Q:
    return (
        Q(pk__in=_Fylker.objects.filter(fylke=fylke).values("entrepreneurprofile_id"))
        | Q(pk__in=_Kommuner.objects.filter(kommune__fylke=fylke).values("entrepreneurprofile_id"))
        | Q(nationwide=True)
    )


def _filtered(query: DirectoryQuery, *, skip: str | None = None) -> QuerySet[EntrepreneurProfile]:
    profiles = public_profiles()
    if query.service_area and skip != "service_area":
        profiles = profiles.filter(
            pk__in=_Areas.objects.filter(servicearea_id=query.service_area).values("entrepreneurprofile_id"))
    if query.target_group and skip != "target_group":
        profiles = profiles.filter(
            pk__in=_Groups.objects.filter(targetgroup_id=query.target_group).values("entrepreneurprofile_id"))
    if query.organisation_form and skip != "organisation_form":
        profiles = profiles.filter(organisation_form=query.organisation_form)
    if query.kommune and skip != "place":
        kommune = Kommune.objects.filter(number=query.kommune).first()
        profiles = profiles.filter(serving_kommune(kommune)) if kommune else profiles.none()
    elif query.fylke and skip != "place":
        fylke = Fylke.objects.filter(number=query.fylke).first()
        profiles = profiles.filter(serving_fylke(fylke)) if fylke else profiles.none()
    return profiles


def search_entrepreneurs(query: DirectoryQuery, *, with_facets: bool = False) -> DirectoryResult:
    # A query without a single searchable word (only punctuation) filters nothing.
    ranked_ids = search.matching_profile_ids(query.q) if text.tokens(query.q) else None
    profiles = _filtered(query)
    filtered = any([query.service_area, query.target_group, query.organisation_form, query.kommune, query.fylke])
    if ranked_ids is not None and not filtered:
        # Only hidden profiles need removing, and they are few.
        hidden = set(EntrepreneurProfile.objects.filter(is_public=False).values_list("pk", flat=True))
        ids = [pk for pk in ranked_ids if pk not in hidden]
    elif ranked_ids is not None:
        # Intersect in Python: a long `pk IN (...)` list is slower than reading the allowed ids.
        allowed = set(profiles.values_list("pk", flat=True))
        ids = [pk for pk in ranked_ids if pk in allowed]
    else:
        rows = profiles.values_list("pk", "organisation__name")
        ids = [pk for pk, _name in sorted(rows, key=lambda row: (row[1].casefold(), row[0]))]
    count = len(ids)
    pages = max(1, -(-count // PAGE_SIZE))
    page = min(max(1, query.page), pages)
    page_ids = ids[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    by_id = {
        profile.pk: profile
        for profile in EntrepreneurProfile.objects.filter(pk__in=page_ids)
        .select_related("organisation__kommune")
        .prefetch_related("service_areas", "target_groups", "kommuner", "fylker")
    }
    result = DirectoryResult(count=count, profiles=[by_id[pk] for pk in page_ids], page=page, pages=pages)
    if with_facets:
        result.facets = facets(query, ranked_ids)
    return result


def facets(query: DirectoryQuery, ranked_ids: list[int] | None) -> dict[str, list[tuple[str, str, int]]]:
    """Counts per facet value, each counted with every other active filter applied."""

    def base(skip: str) -> QuerySet[EntrepreneurProfile]:
        profiles = _filtered(query, skip=skip)
        return profiles.filter(pk__in=ranked_ids) if ranked_ids is not None else profiles


    areas = dict(
        base("service_area").values_list("service_areas").annotate(n=Count("pk", distinct=True)).values_list(
            "service_areas", "n")
    )
    groups = dict(
        base("target_group").values_list("target_groups").annotate(n=Count("pk", distinct=True)).values_list(
            "target_groups", "n")
    )
    forms = dict(
        base("organisation_form").exclude(organisation_form="").values_list("organisation_form")
        .annotate(n=Count("pk")).values_list("organisation_form", "n")
    )
    return {
        "service_area": [(a.code, a.label, areas[a.code]) for a in ServiceArea.objects.all() if areas.get(a.code)],
        "target_group": [(g.code, g.label, groups[g.code]) for g in TargetGroup.objects.all() if groups.get(g.code)],
        "organisation_form": sorted((code, code, n) for code, n in forms.items()),
    }


def front_doors_for_kommune(kommune: Kommune) -> list[tuple[Organisation, list[FrontDoor]]]:
    """The public bodies located in a kommune, each with its front doors (possibly none)."""
    bodies = Organisation.objects.filter(kind=Organisation.Kind.PUBLIC_BODY, kommune=kommune).order_by(
        "public_body_type", "name"
    )
    doors = FrontDoor.objects.filter(organisation__in=bodies).select_related("service_area")
    grouped: dict[int, list[FrontDoor]] = {}
    for door in doors:
        grouped.setdefault(door.organisation_id, []).append(door)
    return [(body, grouped.get(body.pk, [])) for body in bodies]


def entrepreneurs_serving(kommune: Kommune) -> QuerySet[EntrepreneurProfile]:
    return public_profiles().filter(serving_kommune(kommune)).select_related("organisation")
