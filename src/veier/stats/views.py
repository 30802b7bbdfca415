"""Thin views for the national statistics: the page (charts, tables, map) and CSV/Excel exports."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from veier.core.spreadsheets import table_download
from veier.stats import mapdata, selectors

COLOURS = {"collaborations": "#1e6fd9", "challenges": "#b3541e", "pitches": "#2f7d32"}


def _lang() -> str:
    return (get_language() or "nb")[:2]


def _labels() -> dict[str, str]:
    return {"collaborations": _("Collaborations"), "challenges": _("Challenges"), "pitches": _("Pitches")}


def _chart(kind: str, rows: list[dict], series: tuple[str, ...], *, axis: str = "x") -> dict:
    names = _labels()
    return {
        "type": kind,
        "data": {
            "labels": [r["label"] or _("Not given") for r in rows],
            "datasets": [{"label": names[s], "data": [r[s] for r in rows], "backgroundColor": COLOURS[s],
                          "borderColor": COLOURS[s]} for s in series],
        },
        "options": {"indexAxis": axis, "scales": {"y": {"beginAtZero": True, "ticks": {"precision": 0}}}},
    }


def _map(geo: dict, layer: str, rows: list[dict], method: str) -> dict:
    """A choropleth of collaborations: one region per path in the prebuilt map, coloured by class."""
    klass, legend = selectors.choropleth(rows, method=method)
    by_key = {r["key"]: r for r in rows}
    regions = [{"number": number, "name": by_key.get(number, {}).get("label") or item["name"], "d": item["d"],
                "cls": klass.get(number, 0), "count": by_key.get(number, {}).get("collaborations", 0)}
               for number, item in geo[layer].items()]
    return {"width": geo["width"], "height": geo["height"], "regions": regions, "legend": legend}


def page(request):
    tables = selectors.tables(_lang())
    all_kinds = ("collaborations", "challenges", "pitches")
    summary = selectors.summary()
    context = {
        "totals": summary["totals"],
        "impact": summary["impact"]["totals"],
        "tables": tables,
        "map": _map(mapdata.paths(), "fylker", tables["fylke"], "equal"),
        "kommune_map": _map(mapdata.kommune_paths(), "kommuner", tables["kommune_all"], "quantile"),
        "charts": {
            "month": _chart("line", tables["month"], all_kinds),
            "service_area": _chart("bar", tables["service_area"], all_kinds, axis="y"),
            "form": _chart("bar", tables["form"], ("collaborations",), axis="y"),
            "stage": _chart("bar", tables["stage"], ("collaborations",)),
        },
    }
    return render(request, "stats/page.html", context)


def _export_rows(lang: str):
    tables = selectors.tables(lang)
    for dimension in ("fylke", "kommune", "service_area", "form", "stage", "month"):
        for row in tables[dimension]:
            yield [dimension, row["key"], row["label"] or "", row.get("collaborations", 0), row.get("challenges", ""),
                   row.get("pitches", "")]


HEADER = ["dimension", "key", "label", "collaborations", "challenges", "pitches"]


def export(request, fmt: str):
    """Aggregate counts only, in one long table: dimension, key, label and the three counts."""
    return table_download(fmt, HEADER, _export_rows(_lang()), filename="veier-statistikk", sheet_title="Veier",
                          notes=["© Kartverket (fylker 2024, CC BY 4.0); counts from Veier"])
