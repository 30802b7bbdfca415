"""API routes for the national statistics: aggregate counts only."""

from __future__ import annotations

from ninja import Router, Schema

from veier.stats import selectors

router = Router(tags=["stats"])


class Counts(Schema):
    collaborations: int
    challenges: int
    pitches: int


class ImpactTotals(Schema):
    analyses: int
    indicators: int
    measurements: int


class ImpactOut(Schema):
    totals: ImpactTotals
    analyses_by_service_area: dict[str, int]
    measurements_by_year: dict[str, int]


class SummaryOut(Schema):
    totals: Counts
    fylke: dict[str, Counts]
    kommune: dict[str, Counts]
    service_area: dict[str, Counts]
    form: dict[str, int]
    stage: dict[str, int]
    month: dict[str, Counts]
    impact: ImpactOut


def _by_key(counts: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    keys = sorted({key for kind in selectors.KINDS for key in counts[kind]})
    return {key or "unknown": {kind: counts[kind].get(key, 0) for kind in selectors.KINDS} for key in keys}


@router.get("/stats/summary", response=SummaryOut, url_name="stats_summary",
            summary="Counts of collaborations, published challenges and pitches by fylke, kommune, service area, "
                    "form, stage and month; impact analyses by service area and measurements by year",
            description="Aggregate counts only, computed at most five minutes ago (the summary is cached).")
def stats_summary(request):
    data = selectors.summary()
    impact = data["impact"]
    return {
        "totals": data["totals"], "fylke": _by_key(data["fylke"]), "kommune": _by_key(data["kommune"]),
        "service_area": _by_key(data["service_area"]),
        "form": {key or "unknown": n for key, n in data["form"].items()}, "stage": data["stage"],
        "month": _by_key(data["month"]),
        "impact": {"totals": impact["totals"],
                   "analyses_by_service_area": {key or "unknown": n for key, n in impact["service_area"].items()},
                   "measurements_by_year": impact["year"]},
    }
