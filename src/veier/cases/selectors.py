"""Reads for the case library: search and filters, including kommune size bands."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from veier.cases.models import SIZE_BANDS, Case
from veier.cases.services import PUBLISHABLE_STAGES, parties
from veier.collaborations.models import Collaboration
from veier.collaborations.selectors import taken_part_in


@dataclass
class CaseQuery:
    q: str = ""
    service_area: str | None = None
    form: str | None = None
    fylke: str | None = None
    size: str | None = None


def published() -> QuerySet[Case]:
    return Case.objects.filter(published=True).select_related("kommune", "fylke", "service_area")


def size_filter(code: str) -> Q:
    for band, _label, low, high in SIZE_BANDS:
        if band == code:
            condition = Q(kommune__population__gte=low)
            return condition & Q(kommune__population__lt=high) if high is not None else condition
    return Q(pk__in=[])


def search(query: CaseQuery) -> QuerySet[Case]:
    cases = published()
    if query.q:
        words = query.q.split()
        for word in words[:8]:
            cases = cases.filter(Q(title__icontains=word) | Q(title_nb__icontains=word) | Q(summary__icontains=word)
                                 | Q(results__icontains=word) | Q(lessons__icontains=word)
                                 | Q(public_body__icontains=word) | Q(entrepreneurs__icontains=word))
    if query.service_area:
        cases = cases.filter(service_area_id=query.service_area)
    if query.form:
        cases = cases.filter(form=query.form)
    if query.fylke:
        cases = cases.filter(fylke_id=query.fylke)
    if query.size:
        cases = cases.filter(size_filter(query.size))
    return cases


def publishable_for(user) -> list[tuple[Collaboration, list, set[int]]]:
    """The user's evaluated collaborations, each with its parties and which of them have consented."""
    if not user.is_authenticated:
        return []
    collaborations = taken_part_in(user).filter(stage__in=PUBLISHABLE_STAGES).select_related("public_body")
    return [(c, parties(c), set(c.publication_consents.values_list("organisation_id", flat=True)))
            for c in collaborations]
