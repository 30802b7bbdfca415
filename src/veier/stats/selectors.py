"""Aggregate numbers for the national statistics: counts only, never content.

Collaborations, published challenges and pitches are counted by fylke, kommune, service area,
collaboration form, stage and month. Draft challenges are never counted, and nothing but counts
leaves this module, so no pitch's content can reach the page. The whole summary is cached for a
few minutes: the page and the API are public and the numbers change slowly.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count, F
from django.db.models.functions import Coalesce, TruncMonth

from veier.advisor.selectors import form_titles
from veier.challenges.models import Challenge, Pitch
from veier.collaborations.models import Collaboration, Stage
from veier.reference.models import Fylke, Kommune, ServiceArea

CACHE_KEY = "veier:stats:summary:v1"
CACHE_SECONDS = 300
KINDS = ("collaborations", "challenges", "pitches")


def _published_challenges():
    return Challenge.objects.filter(visibility__in=[Challenge.Visibility.PUBLISHED, Challenge.Visibility.CLOSED])


def _count_by(queryset, expression) -> dict[str, int]:
    rows = (queryset.annotate(key=expression).values("key").annotate(n=Count("pk", distinct=True))
            .values_list("key", "n"))
    return {str(key) if key is not None else "": n for key, n in rows}


def _body_fylke(prefix: str = "public_body__"):
    return Coalesce(F(f"{prefix}kommune__fylke_id"), F(f"{prefix}fylke_id"))


def compute() -> dict:
    """Every count, as plain dicts of strings and ints (JSON-able, so it can be cached and served)."""
    collaborations = Collaboration.objects.all()
    challenges = _published_challenges()
    pitches = Pitch.objects.all()
    by_fylke = {
        "collaborations": _count_by(collaborations, _body_fylke()),
        "challenges": _count_by(challenges, _body_fylke()),
        "pitches": _count_by(pitches, _body_fylke()),
    }
    by_kommune = {
        "collaborations": _count_by(collaborations, F("public_body__kommune_id")),
        "challenges": _count_by(challenges, F("public_body__kommune_id")),
        "pitches": _count_by(pitches, F("public_body__kommune_id")),
    }
    by_area = {
        "collaborations": _count_by(collaborations, F("service_area_id")),
        "challenges": _count_by(challenges, F("service_areas__code")),
        "pitches": _count_by(pitches, F("service_area_id")),
    }
    by_month = {
        "collaborations": _count_by(collaborations, TruncMonth("created_at")),
        "challenges": _count_by(challenges, TruncMonth("created_at")),
        "pitches": _count_by(pitches, TruncMonth("created_at")),
    }
    return {
        "totals": {"collaborations": collaborations.count(), "challenges": challenges.count(),
                   "pitches": pitches.count()},
        "fylke": by_fylke,
        "kommune": by_kommune,
        "service_area": by_area,
        "form": _count_by(collaborations, F("form")),
        "stage": _count_by(collaborations, F("stage")),
        "month": {kind: {key[:7]: n for key, n in counts.items() if key} for kind, counts in by_month.items()},
    }


def summary() -> dict:
    data = cache.get(CACHE_KEY)
    if data is None:
        data = compute()
        cache.set(CACHE_KEY, data, CACHE_SECONDS)
    return data


def _rows(counts: dict[str, dict[str, int]], labels: dict[str, str], *, keep_empty: bool = True) -> list[dict]:
    keys = list(labels) if keep_empty else [k for k in labels if any(counts[kind].get(k) for kind in KINDS)]
    rows = [{"key": key, "label": labels[key], **{kind: counts[kind].get(key, 0) for kind in KINDS}} for key in keys]
    unknown = {kind: sum(n for k, n in counts[kind].items() if k not in labels) for kind in KINDS}
    if any(unknown.values()):
        rows.append({"key": "", "label": None, **unknown})
    return rows


def tables(lang: str) -> dict[str, list[dict]]:
    """The summary as labelled rows for the page, the charts and the exports."""
    data = summary()
    fylker = {f.number: f.name for f in Fylke.objects.all()}
    areas = {a.code: a.label for a in ServiceArea.objects.all()}
    kommune_keys = {k for kind in KINDS for k in data["kommune"][kind] if k}
    kommuner = {k.number: k.name for k in Kommune.objects.filter(number__in=kommune_keys).order_by("name")}
    forms = form_titles(lang)
    stages = {value: str(label) for value, label in Stage.choices}
    months = sorted({m for kind in KINDS for m in data["month"][kind]})
    form_counts = data["form"]
    stage_counts = data["stage"]
    return {
        "fylke": _rows(data["fylke"], fylker),
        "kommune": sorted(_rows(data["kommune"], kommuner, keep_empty=False),
                          key=lambda r: (-r["collaborations"] - r["challenges"] - r["pitches"], r["label"] or "")),
        "service_area": _rows(data["service_area"], areas, keep_empty=False),
        "form": [{"key": k, "label": forms.get(k) if k else None, "collaborations": n}
                 for k, n in sorted(form_counts.items(), key=lambda item: -item[1])],
        "stage": [{"key": k, "label": label, "collaborations": stage_counts.get(k, 0)} for k, label in stages.items()],
        "month": [{"key": m, "label": m, **{kind: data["month"][kind].get(m, 0) for kind in KINDS}} for m in months],
    }


def choropleth(rows: list[dict], kind: str = "collaborations", classes: int = 5) -> tuple[dict[str, int], list[dict]]:
    """Each fylke's colour class (0 = none) and the legend, with equal-width classes over the counts."""
    highest = max((r[kind] for r in rows if r["key"]), default=0)
    if highest == 0:
        return {r["key"]: 0 for r in rows}, [{"cls": 0, "low": 0, "high": 0}]
    step = max(1, -(-highest // classes))
    klass = {r["key"]: 0 if r[kind] == 0 else min(classes, 1 + (r[kind] - 1) // step) for r in rows if r["key"]}
    legend = [{"cls": 0, "low": 0, "high": 0}] + [
        {"cls": c, "low": (c - 1) * step + 1, "high": min(c * step, highest)} for c in range(1, classes + 1)
        if (c - 1) * step + 1 <= highest]
    return klass, legend
