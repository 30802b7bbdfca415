"""Specification of outcome-contract settlement (payments and investor waterfall)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from veier.impact.engine import ErrorCode, ImpactInputError, OutcomeContract, settle_contract
from veier.impact.engine.outcome_contract import (
    CAP_NONE,
    CAP_PERIOD,
    CAP_TOTAL,
    RISK_INVESTOR_CAPITAL,
    RISK_INVESTOR_FULL_RETURN,
    RISK_INVESTOR_LOST_CAPITAL,
    RISK_INVESTOR_PARTIAL_RETURN,
    RISK_INVESTOR_RETURN,
    RISK_PROVIDER,
)


def employment_contract() -> OutcomeContract:
    """10 000 kr per person in work; investor puts in 1 M and may earn at most 30 % on top."""
    return OutcomeContract(
        price_per_unit_nok=10_000,
        investor_capital_nok=1_000_000,
        max_return_rate=Decimal("0.3"),
        period_cap_nok=600_000,
        total_cap_nok=1_500_000,
    )


@pytest.fixture
def contract() -> OutcomeContract:
    return employment_contract()


def test_shortfall_costs_the_investor_its_capital(contract):
    """20 + 30 + 10 people → 600 000 paid, all of it capital; 400 000 lost."""
    settlement = settle_contract(contract, [20, 30, 10])

    assert [p.payment_nok for p in settlement.periods] == [200_000, 300_000, 100_000]
    assert settlement.investor_capital_repaid_nok == 600_000
    assert settlement.investor_loss_nok == 400_000
    assert settlement.investor_return_nok == 0
    assert settlement.residual_nok == 0
    assert [p.risk for p in settlement.periods] == [RISK_INVESTOR_CAPITAL] * 3
    assert settlement.risk == RISK_INVESTOR_LOST_CAPITAL


def test_capital_is_repaid_before_any_return(contract):
    """
    40 / 70 / 30 people → 400 000, 600 000 (700 000 capped), 300 000.
    After period 2 the capital is back; period 3 pays the full 300 000 return.
    """
    settlement = settle_contract(contract, [40, 70, 30])
    first, second, third = settlement.periods

    assert (first.to_investor_capital_nok, first.to_investor_return_nok) == (400_000, 0)
    assert (second.to_investor_capital_nok, second.to_investor_return_nok) == (600_000, 0)
    assert (second.cap, second.unpaid_over_cap_nok) == (CAP_PERIOD, 100_000)
    assert (third.to_investor_capital_nok, third.to_investor_return_nok) == (0, 300_000)
    assert [p.risk for p in settlement.periods] == [RISK_INVESTOR_CAPITAL, RISK_INVESTOR_RETURN, RISK_PROVIDER]
    assert settlement.risk == RISK_INVESTOR_FULL_RETURN


def test_total_cap_limits_payments_and_residual_goes_to_the_provider(contract):
    """
    60 people each period earn 600 000 each: 600 000 + 600 000, then only
    300 000 left under the 1.5 M total cap. Investor: 1 M + 300 000; provider 200 000.
    """
    settlement = settle_contract(contract, [60, 60, 60])

    assert [p.payment_nok for p in settlement.periods] == [600_000, 600_000, 300_000]
    assert [p.cap for p in settlement.periods] == [CAP_NONE, CAP_NONE, CAP_TOTAL]
    assert settlement.unpaid_over_cap_nok == 300_000
    assert settlement.total_payment_nok == 1_500_000
    assert (settlement.investor_capital_repaid_nok, settlement.investor_return_nok) == (1_000_000, 300_000)
    assert settlement.residual_nok == 200_000


def test_partial_return(contract):
    """1 100 000 paid: capital back plus 100 000 of the possible 300 000."""
    settlement = settle_contract(contract, [50, 50, 10])

    assert settlement.investor_return_nok == 100_000
    assert settlement.risk == RISK_INVESTOR_PARTIAL_RETURN


def test_float_inputs_settle_to_the_exact_ore():
    """0.1 kr × 3 001 + 0.1 kr × 6 999 repays 1 000 kr exactly, not 999.9999999999999."""
    contract = OutcomeContract(price_per_unit_nok=0.1, investor_capital_nok=1_000, max_return_rate=0.1)

    settlement = settle_contract(contract, [3_001, 6_999])

    assert settlement.investor_capital_repaid_nok == Decimal("1000")
    assert settlement.periods[-1].risk == RISK_INVESTOR_RETURN


def test_without_caps_everything_earned_is_paid():
    contract = OutcomeContract(price_per_unit_nok=500, investor_capital_nok=0, max_return_rate=0)

    settlement = settle_contract(contract, [1, 2, 3])

    assert settlement.total_payment_nok == 3_000
    assert settlement.residual_nok == 3_000
    assert {p.cap for p in settlement.periods} == {CAP_NONE}


@given(units=st.lists(st.integers(0, 200), min_size=1, max_size=12))
def test_payments_respect_caps_and_flows_add_up(units):
    contract = employment_contract()
    settlement = settle_contract(contract, units)

    assert settlement.total_payment_nok <= 1_500_000
    assert settlement.investor_return_nok <= Decimal("300000")
    for period in settlement.periods:
        assert period.payment_nok <= 600_000
        assert period.payment_nok + period.unpaid_over_cap_nok == period.earned_nok
        assert (
            period.to_investor_capital_nok + period.to_investor_return_nok + period.residual_nok == period.payment_nok
        )
    assert (
        settlement.investor_capital_repaid_nok + settlement.investor_return_nok + settlement.residual_nok
        == settlement.total_payment_nok
    )


@pytest.mark.parametrize(
    ("contract", "units", "field", "code"),
    [
        (OutcomeContract(-1, 0, 0), [1], "price_per_unit_nok", ErrorCode.OUT_OF_RANGE),
        (OutcomeContract(1, float("nan"), 0), [1], "investor_capital_nok", ErrorCode.NOT_FINITE),
        (OutcomeContract(1, 0, None), [1], "max_return_rate", ErrorCode.REQUIRED),
        (OutcomeContract(1, 0, 0, period_cap_nok=-5), [1], "period_cap_nok", ErrorCode.OUT_OF_RANGE),
        (OutcomeContract(1, 0, 0), [], "measured_units", ErrorCode.REQUIRED),
        (OutcomeContract(1, 0, 0), [1, -2], "measured_units[1]", ErrorCode.OUT_OF_RANGE),
        (OutcomeContract(1, 0, 0), [1, float("inf")], "measured_units[1]", ErrorCode.NOT_FINITE),
    ],
)
def test_invalid_input_is_named_in_the_error(contract, units, field, code):
    with pytest.raises(ImpactInputError) as caught:
        settle_contract(contract, units)

    assert (caught.value.field, caught.value.code) == (field, code)
