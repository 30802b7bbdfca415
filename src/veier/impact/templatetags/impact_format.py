"""Norwegian number formatting for impact pages: ``{{ value|nok }}`` gives «1 234 567 kr».

Rounding is half-up with ``Decimal`` (2,675 → 2,68) and happens only here, at display.
"""

from __future__ import annotations

from django import template

from veier.impact.engine import format_months, format_nok, format_number, format_percent, format_ratio

register = template.Library()


@register.filter
def nok(value, places: int = 0) -> str:
    return "–" if value is None else format_nok(value, int(places))


@register.filter
def ratio(value) -> str:
    return "–" if value is None else format_ratio(value)


@register.filter
def percent(value, places: int = 1) -> str:
    return "–" if value is None else format_percent(value, int(places))


@register.filter
def number(value, places: int = 2) -> str:
    return "–" if value is None else format_number(value, int(places))


@register.filter
def months(value) -> str:
    return format_months(value)
