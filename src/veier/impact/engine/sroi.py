"""
Deterministic SROI (social return on investment) calculation.

Method: *A Guide to Social Return on Investment* (Cabinet Office 2009,
SROI Network update 2012), stages 4 and 5, as summarised in
shared/reference/sroi-and-impact.md §1.3-§1.4. Per outcome *i* and year *t*:

    I(i, first year) = quantity × proxy × (1 − deadweight)
                       × (1 − displacement) × (1 − attribution)
    I(i, t)          = I(i, t − 1) × (1 − drop_off)   (later years of its duration)
    V(t)             = Σ_i I(i, t)
    PV               = Σ_t V(t) × d(t)

Discounting (``discount_first_year``):

* ``True`` (default) – the SROI Network value map convention: year t is
  divided by (1 + r)^t, so year 1 is already discounted.
* ``False`` – year 1 is undiscounted and year t is divided by (1 + r)^(t − 1),
  as in several published examples and in tools whose present-value factor
  starts at t = 0.

Payback (``payback_months``) follows the Guide's stage 5 formula as quoted
in the reference (which asks for it to be checked against the Guide PDF):
investment / (year-1 impact / 12), where the year-1 impact is the
undiscounted total value of analysis year 1, whichever discounting
convention is chosen. It is ``None`` when nothing is created in year 1. ``discounted_payback_months`` is an additional,
clearly different measure: the month in which the cumulative present value
reaches the investment, with value assumed to accrue evenly over each year.

All amounts are NOK floats. Ratios are never rounded here; rounding is for
display only (see ``display``). Nothing in this package imports Django.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

__all__ = [
    "CASE_DOMAINS",
    "DEFAULT_DISCOUNT_RATE",
    "Domain",
    "MAX_YEARS",
    "ErrorCode",
    "ImpactInputError",
    "Level",
    "OUTCOME_DOMAINS",
    "Outcome",
    "OutcomeResult",
    "SroiInput",
    "SroiResult",
    "YearValue",
    "calculate_sroi",
    "check_number",
    "discount_factor",
    "total_present_value",
    "validate_case",
]

#: Real discount rate for the first 40 years of Norwegian public cost-benefit
#: analyses (Finansdepartementet R-109/21; see also ``cba``). The SROI Guide
#: itself recommends the HM Treasury Green Book rate of 3.5 %.
DEFAULT_DISCOUNT_RATE = 0.04

#: Upper bound for ``duration_years`` and ``start_year``.
MAX_YEARS = 100


class ErrorCode(StrEnum):
    """
    Machine-readable codes carried by ``ImpactInputError``.

    The API layer translates messages by code, so this set is kept small and
    every member is used.
    """

    REQUIRED = "required"  # value missing (None) or empty where one is needed
    WRONG_TYPE = "wrong_type"  # not a number / not an integer / not a string
    NOT_FINITE = "not_finite"  # NaN or ±infinity
    OUT_OF_RANGE = "out_of_range"  # outside the parameter's valid domain
    INVALID_CHOICE = "invalid_choice"  # not one of an enumerated set of names
    INVALID_RANGE = "invalid_range"  # min ≤ mode ≤ max (or low ≤ high) violated


class ImpactInputError(ValueError):
    """
    Invalid input to the impact engine.

    ``field`` is a path into the input (``"outcomes[2].deadweight"``),
    ``code`` one of ``ErrorCode`` and ``message`` an English explanation.
    A single exception type keeps the caller's error handling to one place.
    """

    def __init__(self, field: str, code: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.code = str(code)
        self.message = message

    def __reduce__(self):  # keep the exception picklable (multiprocessing, caches)
        return (type(self), (self.field, self.code, self.message))


class Level(StrEnum):
    """Who the value accrues to, for the per-level breakdown."""

    CITIZEN = "citizen"
    MUNICIPALITY = "municipality"
    STATE = "state"
    SOCIETY = "society"


Number = int | float | Decimal


@dataclass(frozen=True, slots=True)
class Outcome:
    """
    One row of the impact map.

    ``quantity`` is the number of units of change (people, cases…),
    ``proxy_value_nok`` the financial proxy per unit per year. The four shares
    are fractions in [0, 1], not percentages. ``start_year`` 1 means the
    outcome starts during the activity's first year; 2 shifts it one year
    later (value map "outcome start").
    """

    stakeholder: str
    level: Level | str
    quantity: Number
    proxy_value_nok: Number
    deadweight: Number = 0.0
    displacement: Number = 0.0
    attribution: Number = 0.0
    drop_off: Number = 0.0
    duration_years: int = 1
    start_year: int = 1
    name: str = ""


@dataclass(frozen=True, slots=True)
class SroiInput:
    """An SROI case: outcomes, total value of inputs and discounting choice."""

    outcomes: Sequence[Outcome]
    investment_nok: Number
    discount_rate: Number = DEFAULT_DISCOUNT_RATE
    discount_first_year: bool = True


@dataclass(frozen=True, slots=True)
class YearValue:
    """Undiscounted value, discount factor and present value of one year."""

    year: int
    value_nok: float
    discount_factor: float
    present_value_nok: float


@dataclass(frozen=True, slots=True)
class OutcomeResult:
    """
    One outcome's contribution.

    ``values_nok[k]`` is the undiscounted value in analysis year k + 1
    (zero outside the outcome's active years).
    """

    index: int
    name: str
    stakeholder: str
    level: Level
    first_year_impact_nok: float
    values_nok: tuple[float, ...]
    present_value_nok: float


@dataclass(frozen=True, slots=True)
class SroiResult:
    """Outcome of ``calculate_sroi``; ratios are unrounded."""

    years: tuple[YearValue, ...]
    outcomes: tuple[OutcomeResult, ...]
    investment_nok: float
    total_present_value_nok: float
    net_present_value_nok: float
    ratio: float
    net_ratio: float
    payback_months: float | None
    discounted_payback_months: float | None
    by_level: Mapping[Level, float] = field(default_factory=dict)
    by_stakeholder: Mapping[str, float] = field(default_factory=dict)


# --- validation -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Domain:
    """Valid interval of a numeric parameter; ``integer`` demands an int."""

    low: float
    high: float
    low_inclusive: bool = True
    high_inclusive: bool = True
    integer: bool = False

    def contains(self, value: float) -> bool:
        above = value >= self.low if self.low_inclusive else value > self.low
        below = value <= self.high if self.high_inclusive else value < self.high
        return above and below

    def describe(self) -> str:
        opening = "[" if self.low_inclusive else "("
        closing = "]" if self.high_inclusive and not math.isinf(self.high) else ")"
        high = "∞" if math.isinf(self.high) else f"{self.high:g}"
        return f"{opening}{self.low:g}, {high}{closing}"


_SHARE = Domain(0.0, 1.0)
_NON_NEGATIVE = Domain(0.0, math.inf)
_YEARS = Domain(1, MAX_YEARS, integer=True)

#: Domain of every numeric parameter, shared with sensitivity and Monte Carlo.
OUTCOME_DOMAINS: Mapping[str, Domain] = MappingProxyType(
    {
        "quantity": _NON_NEGATIVE,
        "proxy_value_nok": _NON_NEGATIVE,
        "deadweight": _SHARE,
        "displacement": _SHARE,
        "attribution": _SHARE,
        "drop_off": _SHARE,
        "duration_years": _YEARS,
        "start_year": _YEARS,
    }
)
CASE_DOMAINS: Mapping[str, Domain] = MappingProxyType(
    {
        # Strictly positive: the ratio divides by it.
        "investment_nok": Domain(0.0, math.inf, low_inclusive=False),
        "discount_rate": Domain(0.0, 1.0, high_inclusive=False),
    }
)


def check_number(value: object, field_name: str, domain: Domain) -> float | int:
    """
    Return ``value`` as float (or int for integer domains) or raise.

    Booleans are refused although they are ints: ``True`` as a quantity is
    almost certainly a bug upstream.
    """
    if value is None:
        raise ImpactInputError(field_name, ErrorCode.REQUIRED, "A value is required.")
    if domain.integer:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ImpactInputError(field_name, ErrorCode.WRONG_TYPE, "Must be a whole number.")
        number: float | int = value
    else:
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise ImpactInputError(field_name, ErrorCode.WRONG_TYPE, "Must be a number.")
        if isinstance(value, Decimal) and not value.is_finite():
            raise ImpactInputError(field_name, ErrorCode.NOT_FINITE, "Must be a finite number.")
        number = float(value)
        if not math.isfinite(number):
            raise ImpactInputError(field_name, ErrorCode.NOT_FINITE, "Must be a finite number.")
    if not domain.contains(number):
        raise ImpactInputError(field_name, ErrorCode.OUT_OF_RANGE, f"Must be within {domain.describe()}.")
    return number


def _check_level(value: object, field_name: str) -> Level:
    if value is None or value == "":
        raise ImpactInputError(field_name, ErrorCode.REQUIRED, "A level is required.")
    try:
        return Level(value)
    except ValueError:
        choices = ", ".join(level.value for level in Level)
        raise ImpactInputError(
            field_name, ErrorCode.INVALID_CHOICE, f"Unknown level; expected one of: {choices}."
        ) from None


def _check_text(value: object, field_name: str, *, required: bool) -> str:
    if value is None or (required and value == ""):
        raise ImpactInputError(field_name, ErrorCode.REQUIRED, "A value is required.")
    if not isinstance(value, str):
        raise ImpactInputError(field_name, ErrorCode.WRONG_TYPE, "Must be text.")
    return value


def _validate_outcome(outcome: object, prefix: str) -> Outcome:
    if not isinstance(outcome, Outcome):
        raise ImpactInputError(prefix, ErrorCode.WRONG_TYPE, "Must be an Outcome.")
    values = {
        name: check_number(getattr(outcome, name), f"{prefix}.{name}", domain)
        for name, domain in OUTCOME_DOMAINS.items()
    }
    return Outcome(
        stakeholder=_check_text(outcome.stakeholder, f"{prefix}.stakeholder", required=True),
        level=_check_level(outcome.level, f"{prefix}.level"),
        name=_check_text(outcome.name, f"{prefix}.name", required=False),
        **values,
    )


def validate_case(case: SroiInput) -> SroiInput:
    """
    Check every field of ``case`` and return a normalised copy.

    The copy holds floats instead of Decimals, ``Level`` members instead of
    strings and a tuple of outcomes, so calculations downstream need no
    further checks. The first problem found is raised as ``ImpactInputError``.
    """
    if not isinstance(case, SroiInput):
        raise ImpactInputError("case", ErrorCode.WRONG_TYPE, "Must be an SroiInput.")
    if case.outcomes is None or len(case.outcomes) == 0:
        raise ImpactInputError("outcomes", ErrorCode.REQUIRED, "At least one outcome is required.")
    if isinstance(case.outcomes, str | bytes) or not isinstance(case.outcomes, Sequence):
        raise ImpactInputError("outcomes", ErrorCode.WRONG_TYPE, "Must be a list of outcomes.")
    outcomes = tuple(_validate_outcome(outcome, f"outcomes[{index}]") for index, outcome in enumerate(case.outcomes))
    investment = check_number(case.investment_nok, "investment_nok", CASE_DOMAINS["investment_nok"])
    rate = check_number(case.discount_rate, "discount_rate", CASE_DOMAINS["discount_rate"])
    if not isinstance(case.discount_first_year, bool):
        raise ImpactInputError("discount_first_year", ErrorCode.WRONG_TYPE, "Must be true or false.")
    return SroiInput(
        outcomes=outcomes,
        investment_nok=investment,
        discount_rate=rate,
        discount_first_year=case.discount_first_year,
    )


# --- calculation --------------------------------------------------------------


def discount_factor(year: int, rate: float, *, discount_first_year: bool = True) -> float:
    """
    Factor that turns a value in analysis year ``year`` (1-based) into today's.

    1 / (1 + r)^t with the value map convention, 1 / (1 + r)^(t − 1) when the
    first year is left undiscounted.
    """
    exponent = year if discount_first_year else year - 1
    return (1.0 + rate) ** -exponent


def first_year_impact(outcome: Outcome) -> float:
    """quantity × proxy, less deadweight, displacement and attribution (Guide stage 4)."""
    return (
        float(outcome.quantity)
        * float(outcome.proxy_value_nok)
        * (1.0 - float(outcome.deadweight))
        * (1.0 - float(outcome.displacement))
        * (1.0 - float(outcome.attribution))
    )


def outcome_values(outcome: Outcome, horizon: int) -> tuple[float, ...]:
    """
    Undiscounted value of ``outcome`` in each analysis year 1..horizon.

    Drop-off is deducted from the remaining value once per year, starting in
    the outcome's second year, never in its first.
    """
    values = [0.0] * horizon
    value = first_year_impact(outcome)
    retention = 1.0 - float(outcome.drop_off)
    for offset in range(outcome.duration_years):
        if offset:
            value *= retention
        values[outcome.start_year - 1 + offset] = value
    return tuple(values)


def horizon_years(outcomes: Sequence[Outcome]) -> int:
    """Last analysis year in which any outcome still creates value."""
    return max(outcome.start_year + outcome.duration_years - 1 for outcome in outcomes)


def total_present_value(case: SroiInput) -> float:
    """
    Total present value of an already validated case, without breakdowns.

    The cheap path for sensitivity searches that evaluate many variants.
    """
    rate = float(case.discount_rate)
    total = 0.0
    for outcome in case.outcomes:
        retention = 1.0 - float(outcome.drop_off)
        value = first_year_impact(outcome)
        for offset in range(outcome.duration_years):
            if offset:
                value *= retention
            total += value * discount_factor(
                outcome.start_year + offset, rate, discount_first_year=case.discount_first_year
            )
    return total


def _payback_months(year_one_value: float, investment: float) -> float | None:
    """Guide stage 5: investment / (year-1 impact / 12); None if that is not a finite number."""
    if year_one_value <= 0:
        return None
    months = 12.0 * investment / year_one_value
    return months if math.isfinite(months) else None


def _discounted_payback_months(present_values: Sequence[float], investment: float) -> float | None:
    cumulative = 0.0
    for index, present_value in enumerate(present_values):
        if present_value > 0 and cumulative + present_value >= investment:
            fraction = (investment - cumulative) / present_value
            return 12.0 * (index + fraction)
        cumulative += present_value
    return None


def calculate_sroi(case: SroiInput) -> SroiResult:
    """
    Validate ``case`` and compute present values, ratios and breakdowns.

    Raises ``ImpactInputError`` for invalid input; see the module docstring
    for the discounting and payback conventions.
    """
    case = validate_case(case)
    rate = float(case.discount_rate)
    investment = float(case.investment_nok)
    horizon = horizon_years(case.outcomes)
    factors = [
        discount_factor(year, rate, discount_first_year=case.discount_first_year) for year in range(1, horizon + 1)
    ]

    outcome_results = []
    for index, outcome in enumerate(case.outcomes):
        values = outcome_values(outcome, horizon)
        outcome_results.append(
            OutcomeResult(
                index=index,
                name=outcome.name,
                stakeholder=outcome.stakeholder,
                level=Level(outcome.level),
                first_year_impact_nok=first_year_impact(outcome),
                values_nok=values,
                present_value_nok=math.fsum(v * f for v, f in zip(values, factors, strict=True)),
            )
        )

    years = []
    for year, factor in enumerate(factors, start=1):
        value = math.fsum(result.values_nok[year - 1] for result in outcome_results)
        years.append(YearValue(year, value, factor, value * factor))

    total = math.fsum(result.present_value_nok for result in outcome_results)
    by_level = {level: 0.0 for level in Level}
    by_stakeholder: dict[str, float] = {}
    for result in outcome_results:
        by_level[result.level] += result.present_value_nok
        by_stakeholder[result.stakeholder] = by_stakeholder.get(result.stakeholder, 0.0) + result.present_value_nok

    year_one = years[0].value_nok
    return SroiResult(
        years=tuple(years),
        outcomes=tuple(outcome_results),
        investment_nok=investment,
        total_present_value_nok=total,
        net_present_value_nok=total - investment,
        ratio=total / investment,
        net_ratio=(total - investment) / investment,
        payback_months=_payback_months(year_one, investment),
        discounted_payback_months=_discounted_payback_months([year.present_value_nok for year in years], investment),
        by_level=MappingProxyType(by_level),
        by_stakeholder=MappingProxyType(by_stakeholder),
    )
