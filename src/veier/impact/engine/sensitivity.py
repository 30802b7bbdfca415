"""
One-at-a-time sensitivity analysis and break-even values.

The SROI Guide (stage 5) asks for the ratio to be re-run with changed
estimates and for how much each estimate must change before the ratio falls
to 1 : 1 (shared/reference/sroi-and-impact.md §1.4).

A ``SensitivityRange`` changes one parameter, of one outcome or of every
outcome at once, in one of three ways:

* ``"set"``   – use ``low``/``high`` as the parameter's value;
* ``"scale"`` – multiply the current value(s) by ``low``/``high``;
* ``"shift"`` – add ``low``/``high`` to the current value(s).

Results are clipped to closed domain bounds (shares to [0, 1], amounts to
≥ 0, durations to 1..100), so "deadweight + 0.1" on an outcome already at
0.95 gives 1.0. A change that leaves an open bound (discount rate ≥ 1,
investment ≤ 0) is refused.

Break-even values are solved analytically where the ratio is affine in the
parameter (quantity, proxy, deadweight, displacement, attribution) or
inversely proportional (investment), by bisection where it is monotone but
not linear (discount rate, drop-off) and by a scan over whole years for
``duration_years``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .sroi import (
    CASE_DOMAINS,
    MAX_YEARS,
    OUTCOME_DOMAINS,
    Domain,
    ErrorCode,
    ImpactInputError,
    Number,
    SroiInput,
    check_number,
    total_present_value,
    validate_case,
)

__all__ = [
    "HOW",
    "SENSITIVITY_PARAMETERS",
    "BreakEven",
    "SensitivityRange",
    "Tornado",
    "TornadoBar",
    "break_even",
    "break_evens",
    "one_at_a_time",
    "standard_ranges",
]

HOW = ("set", "scale", "shift")
OUTCOME_PARAMETERS = (
    "quantity",
    "proxy_value_nok",
    "deadweight",
    "displacement",
    "attribution",
    "drop_off",
    "duration_years",
)
CASE_PARAMETERS = ("discount_rate", "investment_nok")
SENSITIVITY_PARAMETERS = OUTCOME_PARAMETERS + CASE_PARAMETERS

_AFFINE = frozenset({"quantity", "proxy_value_nok", "deadweight", "displacement", "attribution"})
_SCALED = frozenset({"quantity", "proxy_value_nok"})
_BISECTION_TOLERANCE = 1e-12
_FACTOR = Domain(0.0, math.inf)


@dataclass(frozen=True, slots=True)
class SensitivityRange:
    """Change ``parameter`` to ``low`` and to ``high`` (see module docstring)."""

    parameter: str
    low: Number
    high: Number
    how: str = "set"
    outcome: int | None = None  # None: every outcome (per-outcome parameters only)


@dataclass(frozen=True, slots=True)
class TornadoBar:
    """Ratio at both ends of one range; ``swing`` is |ratio_high − ratio_low|."""

    range: SensitivityRange
    ratio_low: float
    ratio_high: float
    swing: float


@dataclass(frozen=True, slots=True)
class Tornado:
    """Bars sorted by swing, widest first, ready for a tornado chart."""

    base_ratio: float
    bars: tuple[TornadoBar, ...]


@dataclass(frozen=True, slots=True)
class BreakEven:
    """
    Where the SROI ratio reaches exactly 1.

    ``kind`` is ``"value"`` (the parameter's own units) or ``"factor"``
    (a multiplier on every outcome's quantity or proxy). ``current`` is the
    value in the case, or ``None`` when the outcomes' values differ.
    ``value`` is ``None`` when no break-even exists in the valid domain.
    """

    parameter: str
    outcome: int | None
    kind: str
    current: float | None
    value: float | None


# --- applying changes -----------------------------------------------------------


def _domain(parameter: str) -> Domain:
    return OUTCOME_DOMAINS.get(parameter) or CASE_DOMAINS[parameter]


def _clip(value: float, domain: Domain) -> float:
    if domain.low_inclusive:
        value = max(value, domain.low)
    if domain.high_inclusive:
        value = min(value, domain.high)
    return value


def _changed(current: float, how: str, amount: float, domain: Domain) -> float:
    if how == "set":
        value = amount
    elif how == "scale":
        value = current * amount
    else:
        value = current + amount
    value = _clip(value, domain)
    return int(round(value)) if domain.integer else value


def apply_change(case: SroiInput, parameter: str, how: str, amount: float, outcome: int | None) -> SroiInput:
    """Return a copy of a validated ``case`` with one parameter changed."""
    domain = _domain(parameter)
    if parameter in CASE_PARAMETERS:
        value = _changed(float(getattr(case, parameter)), how, amount, domain)
        return dataclasses.replace(case, **{parameter: value})
    outcomes = list(case.outcomes)
    indexes = range(len(outcomes)) if outcome is None else (outcome,)
    for index in indexes:
        current = getattr(outcomes[index], parameter)
        outcomes[index] = dataclasses.replace(outcomes[index], **{parameter: _changed(current, how, amount, domain)})
    return dataclasses.replace(case, outcomes=tuple(outcomes))


def _ratio(case: SroiInput) -> float:
    return total_present_value(case) / float(case.investment_nok)


# --- validation -----------------------------------------------------------------


def _check_outcome_choice(parameter: str, outcome: object, field: str, outcome_count: int) -> None:
    if parameter in CASE_PARAMETERS:
        if outcome is not None:
            raise ImpactInputError(field, ErrorCode.INVALID_CHOICE, "Must be empty for a case-level parameter.")
    elif outcome is not None:
        check_number(outcome, field, Domain(0, outcome_count - 1, integer=True))


def _validate_range(case: SroiInput, item: object, prefix: str) -> SensitivityRange:
    if not isinstance(item, SensitivityRange):
        raise ImpactInputError(prefix, ErrorCode.WRONG_TYPE, "Must be a SensitivityRange.")
    if item.parameter not in SENSITIVITY_PARAMETERS:
        raise ImpactInputError(
            f"{prefix}.parameter",
            ErrorCode.INVALID_CHOICE,
            f"Unknown parameter; expected one of: {', '.join(SENSITIVITY_PARAMETERS)}.",
        )
    domain = _domain(item.parameter)
    if item.how not in HOW or (domain.integer and item.how == "scale"):
        allowed = ("set", "shift") if domain.integer else HOW
        raise ImpactInputError(f"{prefix}.how", ErrorCode.INVALID_CHOICE, f"Expected one of: {', '.join(allowed)}.")
    _check_outcome_choice(item.parameter, item.outcome, f"{prefix}.outcome", len(case.outcomes))
    if item.how == "scale":
        amount_domain = _FACTOR
    elif item.how == "shift":
        amount_domain = Domain(-math.inf, math.inf, integer=domain.integer)
    else:
        amount_domain = domain
    low, high = (check_number(getattr(item, end), f"{prefix}.{end}", amount_domain) for end in ("low", "high"))
    if low > high:
        raise ImpactInputError(prefix, ErrorCode.INVALID_RANGE, "Must satisfy low ≤ high.")
    checked = SensitivityRange(item.parameter, low, high, item.how, item.outcome)
    for end, amount in (("low", low), ("high", high)):
        changed = apply_change(case, item.parameter, item.how, amount, item.outcome)
        if item.parameter in CASE_PARAMETERS and not domain.contains(getattr(changed, item.parameter)):
            raise ImpactInputError(
                f"{prefix}.{end}",
                ErrorCode.OUT_OF_RANGE,
                f"Moves {item.parameter} outside {domain.describe()}.",
            )
    return checked


# --- tornado --------------------------------------------------------------------


def one_at_a_time(case: SroiInput, ranges: Sequence[SensitivityRange]) -> Tornado:
    """
    Ratio at the low and high end of each range, all else held at the case.

    Bars are sorted by swing, widest first; equal swings keep input order.
    """
    case = validate_case(case)
    bars = []
    for index, item in enumerate(ranges):
        checked = _validate_range(case, item, f"ranges[{index}]")
        ratio_low, ratio_high = (
            _ratio(apply_change(case, checked.parameter, checked.how, amount, checked.outcome))
            for amount in (checked.low, checked.high)
        )
        bars.append(TornadoBar(checked, ratio_low, ratio_high, abs(ratio_high - ratio_low)))
    bars.sort(key=lambda bar: bar.swing, reverse=True)
    return Tornado(base_ratio=_ratio(case), bars=tuple(bars))


def standard_ranges() -> tuple[SensitivityRange, ...]:
    """
    A default set of ranges, every one applied to all outcomes at once.

    Proxies ×0.5..1.5 and quantities ×0.8..1.2; deadweight, displacement,
    attribution and drop-off ±10 percentage points; durations ±1 year;
    discount rate ±1 percentage point. These are starting points for a
    first look, not recommendations from the Guide.
    """
    shares = ("deadweight", "displacement", "attribution", "drop_off")
    return (
        SensitivityRange("proxy_value_nok", 0.5, 1.5, "scale"),
        SensitivityRange("quantity", 0.8, 1.2, "scale"),
        *(SensitivityRange(name, -0.1, 0.1, "shift") for name in shares),
        SensitivityRange("duration_years", -1, 1, "shift"),
        SensitivityRange("discount_rate", -0.01, 0.01, "shift"),
    )


# --- break-even -----------------------------------------------------------------


def _bisect(excess: Callable[[float], float], low: float, high: float) -> float | None:
    """Root of a monotone ``excess`` on [low, high], or None without a sign change."""
    at_low, at_high = excess(low), excess(high)
    if at_low == 0:
        return low
    if at_high == 0:
        return high
    if (at_low > 0) == (at_high > 0):
        return None
    while high - low > _BISECTION_TOLERANCE:
        middle = (low + high) / 2
        at_middle = excess(middle)
        if at_middle == 0:
            return middle
        if (at_middle > 0) == (at_low > 0):
            low, at_low = middle, at_middle
        else:
            high = middle
    return (low + high) / 2


def _affine_root(excess: Callable[[float], float], domain: Domain, probe: float) -> float | None:
    """Root of an affine ``excess`` from two evaluations, if it lies in ``domain``."""
    x0, x1 = domain.low, max(probe, domain.low + 1.0) if math.isinf(domain.high) else domain.high
    y0, y1 = excess(x0), excess(x1)
    if y0 == y1:
        return x0 if y0 == 0 else None
    root = x0 - y0 * (x1 - x0) / (y1 - y0)
    # Absorb rounding noise at the bounds (e.g. -1e-17 for a root at 0).
    width = max(abs(x1 - x0), 1.0)
    if domain.low - 1e-12 * width <= root < domain.low:
        root = domain.low
    if domain.high < root <= domain.high + 1e-12 * width:
        root = domain.high
    return root if domain.contains(root) else None


def _duration_break_even(excess: Callable[[float], float]) -> int | None:
    # The ratio never falls as durations grow (values are non-negative).
    if excess(1) >= 0:
        return None
    for years in range(2, MAX_YEARS + 1):
        if excess(years) >= 0:
            return years
    return None


def break_even(case: SroiInput, parameter: str, outcome: int | None = None) -> BreakEven:
    """
    Value of ``parameter`` at which the SROI ratio is exactly 1.

    With ``outcome=None`` a per-outcome share, drop-off or duration is set to
    one common value for every outcome, while quantity and proxy become a
    common multiplier (``kind="factor"``). For ``duration_years`` the answer
    is the smallest whole number of years with a ratio ≥ 1.
    """
    case = validate_case(case)
    if parameter not in SENSITIVITY_PARAMETERS:
        raise ImpactInputError(
            "parameter",
            ErrorCode.INVALID_CHOICE,
            f"Unknown parameter; expected one of: {', '.join(SENSITIVITY_PARAMETERS)}.",
        )
    _check_outcome_choice(parameter, outcome, "outcome", len(case.outcomes))
    domain = _domain(parameter)

    if parameter == "investment_nok":
        present_value = total_present_value(case)
        value = present_value if present_value > 0 else None
        return BreakEven(parameter, None, "value", float(case.investment_nok), value)

    if parameter == "discount_rate":
        current: float | None = float(case.discount_rate)
    elif outcome is not None:
        current = float(getattr(case.outcomes[outcome], parameter))
    elif parameter in _SCALED:
        current = 1.0
    else:
        values = {float(getattr(item, parameter)) for item in case.outcomes}
        current = values.pop() if len(values) == 1 else None

    how = "scale" if outcome is None and parameter in _SCALED else "set"
    kind = "factor" if how == "scale" else "value"

    def excess(amount: float) -> float:
        return _ratio(apply_change(case, parameter, how, amount, outcome)) - 1.0

    if parameter == "duration_years":
        value: float | None = _duration_break_even(excess)
    elif parameter in _AFFINE:
        search_domain = _FACTOR if how == "scale" else domain
        value = _affine_root(excess, search_domain, probe=max(current or 0.0, 1.0))
    elif parameter == "discount_rate":
        value = _bisect(excess, 0.0, 1.0 - _BISECTION_TOLERANCE)
    else:  # drop_off
        value = _bisect(excess, domain.low, domain.high)
    return BreakEven(parameter, outcome, kind, current, value)


def break_evens(case: SroiInput) -> tuple[BreakEven, ...]:
    """Break-even of every per-outcome parameter of every outcome, then the case-level ones."""
    case = validate_case(case)
    per_outcome = (
        break_even(case, parameter, index) for index in range(len(case.outcomes)) for parameter in OUTCOME_PARAMETERS
    )
    return (*per_outcome, *(break_even(case, parameter) for parameter in CASE_PARAMETERS))
