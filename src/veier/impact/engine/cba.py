"""
Cost-benefit analysis with the Norwegian government's declining discount rate.

Conventions:

* Streams are yearly amounts in real NOK indexed from year 0 (today);
  year 0 is undiscounted, year t is discounted over t whole years.
* The rate declines in steps and the factor compounds the steps, so a year
  beyond 40 is discounted at 4 % for the first 40 years and at 3 % only for
  the years after that: d(t) = 1.04^−40 × 1.03^−(t − 40) for 40 < t ≤ 75.
  Applying 3 % to all t years instead would be the classic mistake.
* Costs are positive numbers; NPV = PV(benefits) − PV(costs)
  − tax-financing cost. Benefits and costs may be negative (a negative cost
  is a saving).
* Net present value per budget krone (NNB, "netto nåverdi per budsjettkrone")
  = NPV / PV(public budget cost). It is ``None`` when that present value is
  not positive, where the ratio has no meaning.
* Tax-financing cost (skattefinansieringskostnad) = ``tax_financing_rate`` ×
  PV(budget cost). It defaults to 0 so that NPV is exactly benefits minus
  costs; pass ``R109_TAX_FINANCING_RATE`` to include it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .sroi import Domain, ErrorCode, ImpactInputError, Number, check_number

__all__ = [
    "R109_AS_OF",
    "R109_DISTANT_RATE",
    "R109_FAR_RATE",
    "R109_FAR_YEARS",
    "R109_NEAR_RATE",
    "R109_NEAR_YEARS",
    "R109_TAX_FINANCING_RATE",
    "CbaResult",
    "cost_benefit",
    "discount_factor",
    "discount_factors",
    "present_value",
]

# --- R-109 constants ------------------------------------------------------------
# Finansdepartementet, rundskriv R-109/21 "Prinsipper og krav ved utarbeidelse
# av samfunnsøkonomiske analyser mv." (the 4 % / 3 % steps come from NOU
# 2012:16 and were confirmed in the committee's 2012 press release; see
# shared/reference/procurement-rules.md §6). Real, risk-adjusted rates for
# ordinary public measures.
R109_AS_OF = "2021"  # circular version these values were taken from
R109_NEAR_RATE = 0.04  # years 0–40
R109_NEAR_YEARS = 40
R109_FAR_RATE = 0.03  # years 40–75
R109_FAR_YEARS = 75
# Not verified against the circular text (reference marks it [U]); standard in
# R-109, check before relying on analyses longer than 75 years.
R109_DISTANT_RATE = 0.02  # after year 75
# Not verified (reference marks it [U]): 20 % of the net public financing need.
R109_TAX_FINANCING_RATE = 0.20

_RATE = Domain(0.0, 1.0, high_inclusive=False)
_YEAR = Domain(0, 10_000, integer=True)
_AMOUNT = Domain(-math.inf, math.inf)


@dataclass(frozen=True, slots=True)
class CbaResult:
    """Present values of one analysis; ``npv_per_budget_krone`` may be ``None``."""

    present_value_benefits_nok: float
    present_value_costs_nok: float
    present_value_budget_cost_nok: float
    tax_financing_cost_nok: float
    net_present_value_nok: float
    npv_per_budget_krone: float | None
    discount_factors: tuple[float, ...]


def _check_rates(near_rate, far_rate, distant_rate, near_years, far_years) -> None:
    for name, value in (("near_rate", near_rate), ("far_rate", far_rate), ("distant_rate", distant_rate)):
        check_number(value, name, _RATE)
    check_number(near_years, "near_years", _YEAR)
    check_number(far_years, "far_years", _YEAR)
    if far_years < near_years:
        raise ImpactInputError("far_years", ErrorCode.INVALID_RANGE, "Must not be less than near_years.")


def discount_factor(
    year: int,
    *,
    near_rate: float = R109_NEAR_RATE,
    far_rate: float = R109_FAR_RATE,
    distant_rate: float = R109_DISTANT_RATE,
    near_years: int = R109_NEAR_YEARS,
    far_years: int = R109_FAR_YEARS,
) -> float:
    """
    Factor that brings an amount in ``year`` (0 = today) back to year 0.

    Each rate applies only to the years inside its step:
    (1 + near)^−min(t, 40) × (1 + far)^−(years in 41..75) × (1 + distant)^−(years after 75).
    """
    check_number(year, "year", _YEAR)
    _check_rates(near_rate, far_rate, distant_rate, near_years, far_years)
    near = min(year, near_years)
    far = min(max(year - near_years, 0), far_years - near_years)
    distant = max(year - far_years, 0)
    return (1.0 + near_rate) ** -near * (1.0 + far_rate) ** -far * (1.0 + distant_rate) ** -distant


def discount_factors(years: int, **rates: float) -> tuple[float, ...]:
    """Factors for years 0..years − 1 (``rates`` as for ``discount_factor``)."""
    return tuple(discount_factor(year, **rates) for year in range(years))


def _check_stream(stream: Sequence[Number], name: str) -> list[float]:
    if stream is None:
        raise ImpactInputError(name, ErrorCode.REQUIRED, "A list of yearly amounts is required.")
    if isinstance(stream, str | bytes) or not isinstance(stream, Sequence):
        raise ImpactInputError(name, ErrorCode.WRONG_TYPE, "Must be a list of yearly amounts.")
    return [float(check_number(value, f"{name}[{year}]", _AMOUNT)) for year, value in enumerate(stream)]


def present_value(stream: Sequence[Number], **rates: float) -> float:
    """Present value of a yearly stream whose first element is year 0."""
    values = _check_stream(stream, "stream")
    factors = discount_factors(len(values), **rates)
    return math.fsum(value * factor for value, factor in zip(values, factors, strict=True))


def cost_benefit(
    *,
    benefits: Sequence[Number],
    costs: Sequence[Number],
    budget_costs: Sequence[Number] | None = None,
    tax_financing_rate: float = 0.0,
    **rates: float,
) -> CbaResult:
    """
    Net present value and NPV per budget krone of yearly streams from year 0.

    ``budget_costs`` is the part of the costs paid from public budgets (the
    NNB denominator); it defaults to ``costs``. Streams of different length
    are treated as zero after they end.
    """
    benefit_values = _check_stream(benefits, "benefits")
    cost_values = _check_stream(costs, "costs")
    budget_values = cost_values if budget_costs is None else _check_stream(budget_costs, "budget_costs")
    tax_rate = float(check_number(tax_financing_rate, "tax_financing_rate", Domain(0.0, 1.0)))
    years = max(len(benefit_values), len(cost_values), len(budget_values), 1)
    factors = discount_factors(years, **rates)

    def discounted(values: list[float]) -> float:
        return math.fsum(value * factor for value, factor in zip(values, factors, strict=False))

    pv_benefits = discounted(benefit_values)
    pv_costs = discounted(cost_values)
    pv_budget = discounted(budget_values)
    tax_cost = tax_rate * pv_budget
    npv = pv_benefits - pv_costs - tax_cost
    return CbaResult(
        present_value_benefits_nok=pv_benefits,
        present_value_costs_nok=pv_costs,
        present_value_budget_cost_nok=pv_budget,
        tax_financing_cost_nok=tax_cost,
        net_present_value_nok=npv,
        npv_per_budget_krone=npv / pv_budget if pv_budget > 0 else None,
        discount_factors=factors,
    )
