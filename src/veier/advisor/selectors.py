"""Reads for the advisor's pages: the answer shaped for templates, the myth catalogue, saved results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from veier.advisor.engine import assess, assess_payload
from veier.advisor.render import render_text
from veier.advisor.rulebook import load_rulebook
from veier.collaborations.models import Collaboration
from veier.collaborations.selectors import taken_part_in

FITS = ("recommended", "possible", "not_allowed")


def answer_for(payload: dict, lang: str) -> dict[str, Any]:
    """The engine's answer, with each form's reason refs and the thresholds resolved for display.

    The engine gives rule ids; the page shows titles that link to the «why» list, so a reader can go
    from any conclusion to its dated, sourced rule.
    """
    answer = assess_payload(payload, lang=lang)
    rules = answer["rules"]

    def rule(rule_id: str) -> dict:
        return {"id": rule_id, **rules.get(rule_id, {"title": rule_id, "source": ""})}

    for form in answer["forms"]:
        for reason in form["reasons"]:
            reason["rules"] = [rule(ref) for ref in reason["refs"]]
    for warning in answer["warnings"]:
        warning["rules"] = [rule(ref) for ref in warning["rule_ids"]]
    answer["regime"]["rules"] = [rule(ref) for ref in answer["regime"]["rule_ids"]]
    answer["regime"]["threshold_list"] = list(answer["regime"]["thresholds"].values())
    answer["groups"] = [
        {"fit": fit, "forms": [f for f in answer["forms"] if f["fit"] == fit]} for fit in FITS
    ]
    answer["why"] = [{"id": rule_id, **info} for rule_id, info in rules.items()]
    return answer


@dataclass(frozen=True)
class MythEntry:
    id: str
    title: str
    correction: str
    source: str
    tags: tuple[str, ...]


def myth_catalogue(lang: str, day: date | None = None) -> list[MythEntry]:
    """Every myth with its correction, its numbers filled in from the rules in force on ``day``."""
    day = day or timezone.localdate()
    book = load_rulebook()
    day = max(day, book.meta.coverage_from)
    # The corrections quote amounts and limits; a neutral assessment on the day supplies them.
    params = assess(buyer="municipality", decision_date=day, value_nok=0, subject="services", novelty="existing",
                    mutual_obligation=True, rulebook=book).params
    return [
        MythEntry(m.id, m.title.get(lang), render_text(m.correction, lang, params), m.source, m.tags)
        for m in book.myths
    ]


def form_titles(lang: str) -> dict[str, str]:
    return {form.code: form.title.get(lang) for form in load_rulebook().forms}


def collaborations_editable_by(user) -> QuerySet[Collaboration]:
    """Collaborations the user may save results on: those their own organisations take part in."""
    return taken_part_in(user).select_related("public_body")
