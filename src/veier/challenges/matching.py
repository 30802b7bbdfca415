"""Ranking open challenges and front doors for an entrepreneur («What fits us?»)."""

from __future__ import annotations

from veier.challenges.models import Challenge
from veier.directory.models import EntrepreneurProfile, FrontDoor
from veier.matching.selectors import coverage_of, rank_texts, reason_text
from veier.matching.services import profile_text
from veier.organisations.models import Organisation

LIMIT = 10


def rank_for_entrepreneur(organisation: Organisation) -> dict[str, list]:
    """Open challenges and front doors, best fit first, each as (item, score, reason texts)."""
    profile = EntrepreneurProfile.objects.filter(organisation=organisation).prefetch_related(
        "service_areas", "target_groups", "kommuner", "fylker").first()
    if profile is None:
        return {"challenges": [], "front_doors": []}
    query = profile_text(profile)
    areas = [a.code for a in profile.service_areas.all()]
    groups = [g.code for g in profile.target_groups.all()]
    coverage = coverage_of(profile)

    challenges = {
        c.pk: c for c in Challenge.objects.filter(visibility=Challenge.Visibility.PUBLISHED)
        .select_related("public_body").prefetch_related("service_areas", "target_groups", "kommuner")
        if c.is_open
    }
    ranked_challenges = rank_texts(
        query,
        [(c.pk, c.match_text(), [a.code for a in c.service_areas.all()], [g.code for g in c.target_groups.all()],
          [k.number for k in c.kommuner.all()] or ([c.public_body.kommune_id] if c.public_body.kommune_id else []))
         for c in challenges.values()],
        service_areas=areas, target_groups=groups, coverage=coverage, limit=LIMIT,
    )
    doors = {d.pk: d for d in FrontDoor.objects.select_related("organisation__kommune", "service_area")}
    ranked_doors = rank_texts(
        query,
        [(d.pk, "\n".join(filter(None, [d.unit_name, d.contact_role, d.how_to_pitch,
                                        d.service_area.label_nb if d.service_area else ""])),
          [d.service_area_id] if d.service_area_id else [], [],
          [d.organisation.kommune_id] if d.organisation.kommune_id else [])
         for d in doors.values()],
        service_areas=areas, target_groups=groups, coverage=coverage, limit=LIMIT,
    )
    return {
        "challenges": [(challenges[r.key], r.score, [reason_text(x) for x in r.reasons]) for r in ranked_challenges],
        "front_doors": [(doors[r.key], r.score, [reason_text(x) for x in r.reasons]) for r in ranked_doors],
    }
