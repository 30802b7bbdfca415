"""API route for matching: POST /api/v1/match ranks public entrepreneur profiles for a need."""

from __future__ import annotations

from ninja import Router, Schema
from ninja.errors import HttpError

from veier.matching import selectors
from veier.ops.throttling import calculation_throttle
from veier.reference.models import ServiceArea, TargetGroup
from veier.reference.selectors import resolve_kommune_number

router = Router(tags=["matching"])

MAX_TEXT = 5000
MAX_LIMIT = 50


class MatchIn(Schema):
    text: str
    kommune: str | None = None
    service_areas: list[str] | None = None
    target_groups: list[str] | None = None
    limit: int = 10


class MatchItem(Schema):
    orgnr: str
    name: str
    score: float
    reasons: list[str]


class MatchOut(Schema):
    items: list[MatchItem]


def _check_codes(model, codes: list[str] | None, field: str) -> None:
    if not codes:
        return
    known = set(model.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise HttpError(422, f"{field}: unknown code(s) {', '.join(unknown)}")


@router.post("/match", response=MatchOut, summary="Rank social entrepreneurs for a need, with reasons",
             throttle=calculation_throttle)
def match(request, payload: MatchIn):
    """Public entrepreneur profiles ranked best first for a described need.

    Scores combine semantic similarity of the texts (a multilingual embedding model) with overlap in
    service areas and target groups and whether the entrepreneur serves the kommune, its fylke or the
    whole country. No login needed; only public profiles are matched.
    """
    text = payload.text.strip()
    if not text:
        raise HttpError(422, "text: must not be empty")
    if len(text) > MAX_TEXT:
        raise HttpError(422, f"text: must be at most {MAX_TEXT} characters (got {len(text)})")
    if not 1 <= payload.limit <= MAX_LIMIT:
        raise HttpError(422, f"limit: must be between 1 and {MAX_LIMIT}")
    _check_codes(ServiceArea, payload.service_areas, "service_areas")
    _check_codes(TargetGroup, payload.target_groups, "target_groups")
    kommune = None
    if payload.kommune is not None:
        number = payload.kommune.strip()
        found = resolve_kommune_number(number) if number.isdigit() and len(number) <= 4 else []
        if len(found) != 1:
            detail = "is not a kommune number" if not found else "was split; give one of " + ", ".join(
                k.number for k in found)
            raise HttpError(422, f"kommune: {payload.kommune} {detail}")
        kommune = found[0]
    matches = selectors.match_entrepreneurs(text, kommune=kommune, service_areas=payload.service_areas,
                                            target_groups=payload.target_groups, limit=payload.limit)
    return {"items": [{"orgnr": m.orgnr, "name": m.name, "score": m.score, "reasons": m.reason_texts}
                      for m in matches]}
