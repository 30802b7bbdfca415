"""
Settlement of an outcome-based contract (social outcomes contract / SIB).

The public body pays a fixed price per measured outcome unit, limited by an
optional cap per period and an optional cap on the contract total. Each
payment runs through a simple waterfall:

1. to the investor until its capital is repaid,
2. then to the investor as return, until the return reaches
   ``max_return_rate`` × capital (a total over the contract, not per year),
3. then the residual to the service provider.

Outcome risk therefore sits with the investor until its capital is back,
then only its return is at stake, and once it has been paid in full further
shortfalls only reduce the provider's residual. The public body pays for
results only; caps protect its budget when outcomes exceed expectations.

Risk codes per period (position at the end of that period):

* ``investor_capital`` – capital not yet repaid; the investor carries the risk.
* ``investor_return`` – capital repaid, return below the maximum.
* ``provider`` – investor paid in full; only the provider's residual is at stake.

Overall codes: ``investor_lost_capital``, ``investor_partial_return``,
``investor_full_return``.

Amounts are computed and returned as ``Decimal``: these are payments, and
binary floats would leave "repaid" a fraction of an øre short of "capital".
Float inputs are converted through ``str`` (their shortest repr).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .sroi import Domain, ErrorCode, ImpactInputError, Number, check_number

__all__ = [
    "CAP_NONE",
    "CAP_PERIOD",
    "CAP_TOTAL",
    "RISK_INVESTOR_CAPITAL",
    "RISK_INVESTOR_FULL_RETURN",
    "RISK_INVESTOR_LOST_CAPITAL",
    "RISK_INVESTOR_PARTIAL_RETURN",
    "RISK_INVESTOR_RETURN",
    "RISK_PROVIDER",
    "ContractSettlement",
    "OutcomeContract",
    "PeriodSettlement",
    "settle_contract",
]

CAP_NONE = "none"
CAP_PERIOD = "period"
CAP_TOTAL = "total"

RISK_INVESTOR_CAPITAL = "investor_capital"
RISK_INVESTOR_RETURN = "investor_return"
RISK_PROVIDER = "provider"

RISK_INVESTOR_LOST_CAPITAL = "investor_lost_capital"
RISK_INVESTOR_PARTIAL_RETURN = "investor_partial_return"
RISK_INVESTOR_FULL_RETURN = "investor_full_return"

_NON_NEGATIVE = Domain(0.0, math.inf)


@dataclass(frozen=True, slots=True)
class OutcomeContract:
    """Terms of the contract; caps of ``None`` mean no cap."""

    price_per_unit_nok: Number
    investor_capital_nok: Number
    max_return_rate: Number
    period_cap_nok: Number | None = None
    total_cap_nok: Number | None = None


@dataclass(frozen=True, slots=True)
class PeriodSettlement:
    """
    Money flows of one period (1-based).

    ``earned_nok`` = units × price before caps; ``unpaid_over_cap_nok`` is
    the part the caps removed; ``cap`` names the cap that bound.
    """

    period: int
    measured_units: Decimal
    earned_nok: Decimal
    payment_nok: Decimal
    unpaid_over_cap_nok: Decimal
    cap: str
    to_investor_capital_nok: Decimal
    to_investor_return_nok: Decimal
    residual_nok: Decimal
    risk: str


@dataclass(frozen=True, slots=True)
class ContractSettlement:
    """Totals over all periods and who ended up carrying the shortfall."""

    periods: tuple[PeriodSettlement, ...]
    total_payment_nok: Decimal
    unpaid_over_cap_nok: Decimal
    investor_capital_repaid_nok: Decimal
    investor_return_nok: Decimal
    investor_loss_nok: Decimal
    residual_nok: Decimal
    risk: str


def _decimal(value: Number, field: str) -> Decimal:
    """Checked, non-negative ``value`` as an exact Decimal."""
    check_number(value, field, _NON_NEGATIVE)
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _validate(
    contract: OutcomeContract, measured_units: Sequence[Number]
) -> tuple[list[Decimal], dict[str, Decimal | None]]:
    if not isinstance(contract, OutcomeContract):
        raise ImpactInputError("contract", ErrorCode.WRONG_TYPE, "Must be an OutcomeContract.")
    terms: dict[str, Decimal | None] = {
        name: _decimal(getattr(contract, name), name)
        for name in ("price_per_unit_nok", "investor_capital_nok", "max_return_rate")
    }
    for name in ("period_cap_nok", "total_cap_nok"):
        value = getattr(contract, name)
        terms[name] = None if value is None else _decimal(value, name)
    if measured_units is None or len(measured_units) == 0:
        raise ImpactInputError("measured_units", ErrorCode.REQUIRED, "At least one period is required.")
    if isinstance(measured_units, str | bytes) or not isinstance(measured_units, Sequence):
        raise ImpactInputError("measured_units", ErrorCode.WRONG_TYPE, "Must be a list of numbers.")
    units = [_decimal(value, f"measured_units[{index}]") for index, value in enumerate(measured_units)]
    return units, terms


def _position(repaid: Decimal, returned: Decimal, capital: Decimal, max_return: Decimal) -> str:
    if repaid < capital:
        return RISK_INVESTOR_CAPITAL
    if returned < max_return:
        return RISK_INVESTOR_RETURN
    return RISK_PROVIDER


def settle_contract(contract: OutcomeContract, measured_units: Sequence[Number]) -> ContractSettlement:
    """Payments and waterfall for the measured outcome units of each period."""
    units, terms = _validate(contract, measured_units)
    capital = terms["investor_capital_nok"]
    max_return = capital * terms["max_return_rate"]
    period_cap, total_cap = terms["period_cap_nok"], terms["total_cap_nok"]
    zero = Decimal(0)
    paid_so_far = repaid = returned = residual_total = unpaid_total = zero
    periods = []
    for period, period_units in enumerate(units, start=1):
        earned = period_units * terms["price_per_unit_nok"]
        limits = {CAP_NONE: earned}
        if period_cap is not None:
            limits[CAP_PERIOD] = period_cap
        if total_cap is not None:
            limits[CAP_TOTAL] = max(total_cap - paid_so_far, zero)
        # The tightest limit wins; on a tie the earned amount (no cap) comes first.
        cap, payment = min(limits.items(), key=lambda item: item[1])
        to_capital = min(payment, capital - repaid)
        to_return = min(payment - to_capital, max_return - returned)
        residual = payment - to_capital - to_return
        paid_so_far += payment
        repaid += to_capital
        returned += to_return
        residual_total += residual
        unpaid_total += earned - payment
        periods.append(
            PeriodSettlement(
                period=period,
                measured_units=period_units,
                earned_nok=earned,
                payment_nok=payment,
                unpaid_over_cap_nok=earned - payment,
                cap=cap,
                to_investor_capital_nok=to_capital,
                to_investor_return_nok=to_return,
                residual_nok=residual,
                risk=_position(repaid, returned, capital, max_return),
            )
        )
    if repaid < capital:
        risk = RISK_INVESTOR_LOST_CAPITAL
    elif returned < max_return:
        risk = RISK_INVESTOR_PARTIAL_RETURN
    else:
        risk = RISK_INVESTOR_FULL_RETURN
    return ContractSettlement(
        periods=tuple(periods),
        total_payment_nok=paid_so_far,
        unpaid_over_cap_nok=unpaid_total,
        investor_capital_repaid_nok=repaid,
        investor_return_nok=returned,
        investor_loss_nok=capital - repaid,
        residual_nok=residual_total,
        risk=risk,
    )
