"""Template filters for the advisor: amounts the Norwegian way, and fit labels."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from veier.advisor.render import Money, format_money

register = template.Library()

FIT_LABELS = {
    "recommended": _("Recommended"),
    "possible": _("Possible"),
    "not_allowed": _("Not allowed"),
}


@register.filter
def money(value, currency: str = "NOK") -> str:
    """1 300 000 kr in bokmål and nynorsk (non-breaking spaces), NOK 1,300,000 in English."""
    if value is None or value == "":
        return ""
    return format_money(Money(Decimal(str(value)), currency or "NOK"), (get_language() or "nb")[:2])


@register.filter
def fit_label(fit: str) -> str:
    return str(FIT_LABELS.get(fit, fit))
