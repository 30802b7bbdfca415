"""Aggregate numbers for the national statistics: counts only, never content.

Collaborations, published challenges and pitches are counted by fylke, kommune, service area,
collaboration form, stage and month; impact analyses by service area, and measurements by year.
Draft challenges are never counted, and nothing but counts leaves this module, so no pitch's or
analysis's content can reach the page.

Every count is made in the database (grouped queries, never a loop over rows), and the whole summary
is cached for five minutes (``CACHE_SECONDS``): the page and the API are public, the numbers change
slowly, and a cold computation over 100 000 collaborations and 1 000 000 measurements takes about
half a second (bench/stats.py). Writes do not invalidate it: the default cache is per process, so a
deletion in one worker would not reach the others, and a measurement import of thousands of rows
would only recompute it again and again; numbers up to five minutes old are fine for statistics.
The cached summary holds codes and counts only, no labels, so one entry serves every language: the
labels are added per request by ``tables``.
"""

from __future__ import annotations

import bisect
import math
import os
from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import CharField, Count, F, Func, Min, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

from veier.advisor.selectors import form_titles
from veier.challenges.models import Challenge, Pitch
from veier.collaborations.models import Collaboration, Stage
from veier.impact.models import Analysis, Indicator, Measurement
from veier.organisations.models import Organisation
from veier.reference.models import Fylke, Kommune, ServiceArea

# v2: the summary gained the impact counts; a shared cache must not serve the old shape.
CACHE_KEY = "veier:stats:summary:v2"
CACHE_SECONDS = 300
KINDS = ("collaborations", "challenges", "pitches")


def _published_challenges():
    return Challenge.objects.filter(visibility__in=[Challenge.Visibility.PUBLISHED, Challenge.Visibility.CLOSED])


def _key(value) -> str:
    return str(value) if value is not None else ""


def _count_by(queryset, expression) -> dict[str, int]:
    """Rows per value of the expression.

    COUNT(*), not COUNT(DISTINCT id): no query here joins a to-many relation except a challenge's
    service areas, where a challenge rightly counts once in each of its areas, so rows are what we
    count; COUNT(*) also lets PostgreSQL answer from an index alone (index-only scans).
    """
    rows = queryset.order_by().annotate(key=expression).values("key").annotate(n=Count("*")).values_list("key", "n")
    return {_key(key): n for key, n in rows}


def _count_by_place(queryset) -> tuple[dict[str, int], dict[str, int]]:
    """Rows by the public body's kommune and by its fylke (its kommune's, else its own), in one query.

    Counted per public body first (a correlated count that the public_body index answers alone), then
    summed over the bodies' places, so the large table is never joined to organisations and kommuner:
    32 ms instead of 140 ms on PostgreSQL for 100 000 collaborations.
    """
    per_body = (queryset.order_by().filter(public_body=OuterRef("pk")).values("public_body")
                .annotate(n=Count("*")).values("n"))
    rows = (Organisation.objects.order_by()
            .values_list("kommune_id", Coalesce(F("kommune__fylke_id"), F("fylke_id")))
            .annotate(n=Sum(Subquery(per_body))))
    by_kommune: dict[str, int] = {}
    by_fylke: dict[str, int] = {}
    for kommune, fylke, n in rows:  # one row per (kommune, fylke) pair: a few hundred at most
        if n:
            by_kommune[_key(kommune)] = by_kommune.get(_key(kommune), 0) + n
            by_fylke[_key(fylke)] = by_fylke.get(_key(fylke), 0) + n
    return by_kommune, by_fylke


def _month(field: str):
    """The calendar month in Norway (settings.TIME_ZONE) of a datetime, as something whose text starts 'YYYY-MM'.

    On SQLite, Django's TruncMonth calls back into Python for every row (1.3 s for 100 000
    collaborations); SQLite's own strftime with the 'localtime' modifier does the same in C, and
    Django sets the process's TZ to TIME_ZONE, so 'localtime' is Norwegian time with summer time.
    Where that does not hold, and on PostgreSQL (which truncates in SQL anyway), TruncMonth it is.
    """
    if connection.vendor == "sqlite" and os.environ.get("TZ") == settings.TIME_ZONE:
        return Func(Value("%Y-%m"), F(field), Value("localtime"), function="strftime", output_field=CharField())
    return TruncMonth(field, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _measurements_by_year() -> dict[str, int]:
    """Measurements per calendar year of their date, as a loose scan of the date index.

    Find the first date, count its year (an index range), jump to the first date after that year,
    and so on: two index look-ups per year that has measurements, instead of grouping a million rows
    (1.3 s on SQLite, 0.3 s on PostgreSQL).
    """
    measurements = Measurement.objects.order_by()
    counts: dict[str, int] = {}
    day = measurements.aggregate(first=Min("date"))["first"]
    while day is not None:
        counts[str(day.year)] = measurements.filter(date__year=day.year).count()
        day = measurements.filter(date__gt=date(day.year, 12, 31)).aggregate(first=Min("date"))["first"]
    return counts


def _impact() -> dict:
    """How much impact is being measured: analyses by service area (that of the analysis's
    collaboration; "" when it has none) and measurements by year.

    Not measurements by service area: that needs each of the million measurements joined through
    its indicator and analysis to a collaboration (0.4–1.1 s cold), for little more than the
    analyses by area already say.
    """
    analyses = _count_by(Analysis.objects.all(), F("collaboration__service_area_id"))
    by_year = _measurements_by_year()
    return {
        "totals": {"analyses": sum(analyses.values()), "indicators": Indicator.objects.count(),
                   "measurements": sum(by_year.values())},
        "service_area": analyses,
        "year": by_year,
    }


def compute() -> dict:
    """Every count, as plain dicts of strings and ints (JSON-able, so it can be cached and served)."""
    querysets = {"collaborations": Collaboration.objects.all(), "challenges": _published_challenges(),
                 "pitches": Pitch.objects.all()}
    places = {kind: _count_by_place(queryset) for kind, queryset in querysets.items()}
    area = {"collaborations": F("service_area_id"), "challenges": F("service_areas__code"),
            "pitches": F("service_area_id")}
    by_month = {kind: _count_by(queryset, _month("created_at")) for kind, queryset in querysets.items()}
    collaborations = querysets["collaborations"]
    return {
        "totals": {kind: queryset.count() for kind, queryset in querysets.items()},
        "fylke": {kind: places[kind][1] for kind in KINDS},
        "kommune": {kind: places[kind][0] for kind in KINDS},
        "service_area": {kind: _count_by(queryset, area[kind]) for kind, queryset in querysets.items()},
        "form": _count_by(collaborations, F("form")),
        "stage": _count_by(collaborations, F("stage")),
        "month": {kind: {key[:7]: n for key, n in counts.items() if key} for kind, counts in by_month.items()},
        "impact": _impact(),
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
    """The summary as labelled rows for the page, the charts and the exports.

    ``kommune`` lists the kommuner with any activity, the busiest first; ``kommune_all`` every
    kommune by name, zeros too, for the kommune map. ``impact_area`` and ``impact_year`` hold the
    impact counts (analyses by service area, measurements by year).
    """
    data = summary()
    fylker = {f.number: f.name for f in Fylke.objects.all()}
    areas = {a.code: a.label for a in ServiceArea.objects.all()}
    kommuner = dict(Kommune.objects.order_by("name").values_list("number", "name"))
    forms = form_titles(lang)
    stages = {value: str(label) for value, label in Stage.choices}
    months = sorted({m for kind in KINDS for m in data["month"][kind]})
    form_counts = data["form"]
    stage_counts = data["stage"]
    impact = data["impact"]
    impact_areas = [{"key": k, "label": label, "analyses": impact["service_area"][k]}
                    for k, label in areas.items() if impact["service_area"].get(k)]
    if unknown := sum(n for k, n in impact["service_area"].items() if k not in areas):
        impact_areas.append({"key": "", "label": None, "analyses": unknown})
    return {
        "fylke": _rows(data["fylke"], fylker),
        "kommune": sorted(_rows(data["kommune"], kommuner, keep_empty=False),
                          key=lambda r: (-r["collaborations"] - r["challenges"] - r["pitches"], r["label"] or "")),
        "kommune_all": [row for row in _rows(data["kommune"], kommuner) if row["key"]],
        "service_area": _rows(data["service_area"], areas, keep_empty=False),
        "form": [{"key": k, "label": forms.get(k) if k else None, "collaborations": n}
                 for k, n in sorted(form_counts.items(), key=lambda item: -item[1])],
        "stage": [{"key": k, "label": label, "collaborations": stage_counts.get(k, 0)} for k, label in stages.items()],
        "month": [{"key": m, "label": m, **{kind: data["month"][kind].get(m, 0) for kind in KINDS}} for m in months],
        "impact_area": impact_areas,
        "impact_year": [{"key": y, "label": y, "measurements": n} for y, n in sorted(impact["year"].items())],
    }


def choropleth(rows: list[dict], kind: str = "collaborations", classes: int = 5,
               method: str = "equal") -> tuple[dict[str, int], list[dict]]:
    """Each region's colour class (0 = none) and the legend.

    ``equal``: classes of equal width over the counts (fine for 15 fylker). ``quantile``: each class
    holds about as many regions, for the kommuner, where Oslo's count would otherwise leave nearly
    every other kommune in the lowest class. Either way the legend's ranges cover every count.
    """
    counts = [r[kind] for r in rows if r["key"]]
    highest = max(counts, default=0)
    if highest == 0:
        return {r["key"]: 0 for r in rows}, [{"cls": 0, "low": 0, "high": 0}]
    if method == "quantile":
        ordered = sorted(n for n in counts if n > 0)
        highs: list[int] = []
        for c in range(1, classes + 1):
            high = ordered[math.ceil(c * len(ordered) / classes) - 1]
            if not highs or high > highs[-1]:
                highs.append(high)
    else:
        step = max(1, -(-highest // classes))
        highs = [min(c * step, highest) for c in range(1, classes + 1) if (c - 1) * step + 1 <= highest]
    klass = {r["key"]: 0 if r[kind] == 0 else 1 + bisect.bisect_left(highs, r[kind]) for r in rows if r["key"]}
    legend = [{"cls": 0, "low": 0, "high": 0}] + [
        {"cls": c, "low": (highs[c - 2] if c > 1 else 0) + 1, "high": high} for c, high in enumerate(highs, start=1)]
    return klass, legend
