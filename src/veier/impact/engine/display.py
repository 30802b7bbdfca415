"""
Rounding and Norwegian number formatting, for display only.

The engine keeps full precision; values are rounded here, at the very last
step, half away from zero ("2,675 → 2,68", as people round by hand) with
``decimal.ROUND_HALF_UP``.

Floats are converted with ``Decimal(str(value))``, not ``Decimal(value)``:
the float written 2.675 is really 2.67499999999999982236431605997495353221893310546875,
so exact conversion would round it down to 2,67. ``str`` gives the shortest
decimal that maps back to the same float ("2.675"), which is the number the
user typed or saw.

Norwegian conventions (Språkrådet): decimal comma, digits grouped in threes
with a space, here a no-break space (U+00A0) so a number never wraps across
lines; "kr" and "%" follow after a no-break space. Negative numbers use the
minus sign U+2212, which screen readers announce as "minus".
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "MINUS_SIGN",
    "NO_BREAK_SPACE",
    "format_months",
    "format_nok",
    "format_number",
    "format_percent",
    "format_ratio",
    "round_half_up",
]

NO_BREAK_SPACE = "\u00a0"
MINUS_SIGN = "\u2212"

Number = int | float | Decimal


def _to_decimal(value: Number) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"Expected a number, got {type(value).__name__}.")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("Cannot display a non-finite number.")
        return Decimal(str(value))
    decimal = Decimal(value)
    if not decimal.is_finite():
        raise ValueError("Cannot display a non-finite number.")
    return decimal


def round_half_up(value: Number, places: int = 2) -> Decimal:
    """``value`` rounded to ``places`` decimals, halves away from zero."""
    return _to_decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_number(value: Number, places: int = 2) -> str:
    """Rounded ``value`` with grouped thousands and a decimal comma: "1 234 567,89"."""
    rounded = round_half_up(value, places)
    if rounded.is_zero():
        rounded = abs(rounded)  # no "−0,00"
    sign = MINUS_SIGN if rounded < 0 else ""
    integer_part, _, fraction = f"{abs(rounded):f}".partition(".")
    groups = []
    while len(integer_part) > 3:
        integer_part, group = integer_part[:-3], integer_part[-3:]
        groups.insert(0, group)
    grouped = NO_BREAK_SPACE.join([integer_part, *groups])
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def format_nok(value: Number, places: int = 2) -> str:
    """Amount in kroner: format_nok(1234567.891) == "1 234 567,89 kr" (no-break spaces)."""
    return f"{format_number(value, places)}{NO_BREAK_SPACE}kr"


def format_ratio(value: Number, places: int = 2) -> str:
    """SROI ratio as a plain number, "2,68"; add " : 1" in the template if wanted."""
    return format_number(value, places)


def format_percent(share: Number, places: int = 1) -> str:
    """A share in [0, 1] as a percentage: 0.125 → "12,5 %"."""
    percent = _to_decimal(share) * 100
    return f"{format_number(percent, places)}{NO_BREAK_SPACE}%"


def format_months(months: Number | None, places: int = 1) -> str:
    """Payback period in months, "14,0"; an en dash when there is none."""
    return "\u2013" if months is None else format_number(months, places)
