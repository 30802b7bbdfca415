"""Specification of the cost-benefit calculation with the R-109 declining rate."""

import numpy_financial as npf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from veier.impact.engine import ErrorCode, ImpactInputError, cost_benefit, present_value
from veier.impact.engine.cba import R109_TAX_FINANCING_RATE, discount_factor, discount_factors


def test_years_up_to_40_use_four_percent():
    assert discount_factor(0) == 1.0
    assert discount_factor(1) == pytest.approx(1 / 1.04)
    assert discount_factor(40) == pytest.approx(1.04**-40)


def test_years_after_40_compound_three_percent_on_top_of_forty_years_at_four():
    """Not 1.03^-t: the first 40 years stay at 4 %."""
    assert discount_factor(41) == pytest.approx(1.04**-40 * 1.03**-1)
    assert discount_factor(60) == pytest.approx(1.04**-40 * 1.03**-20)
    assert discount_factor(75) == pytest.approx(1.04**-40 * 1.03**-35)
    assert discount_factor(60) != pytest.approx(1.03**-60)


def test_years_after_75_use_two_percent():
    assert discount_factor(76) == pytest.approx(1.04**-40 * 1.03**-35 * 1.02**-1)
    assert discount_factor(100) == pytest.approx(1.04**-40 * 1.03**-35 * 1.02**-25)


def test_year_on_year_factor_steps_down_with_the_rate():
    factors = discount_factors(101)
    steps = [factors[t - 1] / factors[t] for t in range(1, 101)]

    assert steps[:40] == pytest.approx([1.04] * 40)
    assert steps[40:75] == pytest.approx([1.03] * 35)
    assert steps[75:] == pytest.approx([1.02] * 25)


def test_rates_and_breakpoints_are_parameters():
    assert discount_factor(3, near_rate=0.05, near_years=2, far_rate=0.01) == pytest.approx(1.05**-2 * 1.01**-1)


@given(values=st.lists(st.floats(-1e7, 1e7), min_size=1, max_size=41))
def test_present_value_within_40_years_agrees_with_numpy_financial(values):
    """npf.npv treats its first value as year 0, which is our convention too."""
    assert present_value(values) == pytest.approx(npf.npv(0.04, values), rel=1e-9, abs=1e-6)


@given(values=st.lists(st.floats(0, 1e7), min_size=42, max_size=76))
def test_present_value_beyond_40_years_is_two_chained_npvs(values):
    """Years 41..75 are a 3 % NPV of their own, brought back 40 years at 4 %."""
    near, far = values[:41], values[41:]
    expected = npf.npv(0.04, near) + 1.04**-40 * npf.npv(0.03, [0, *far])

    assert present_value(values) == pytest.approx(expected, rel=1e-9, abs=1e-6)


@pytest.fixture
def road_safety_measure() -> dict:
    """150 paid up front from the budget, 100 of benefits in each of years 1 and 2."""
    return {"benefits": [0, 100, 100], "costs": [150, 0, 0]}


def test_net_present_value_and_npv_per_budget_krone(road_safety_measure):
    """NPV = 100/1.04 + 100/1.04² − 150 = 38.61; NNB = 38.61 / 150 = 0.2574."""
    result = cost_benefit(**road_safety_measure)

    assert result.present_value_benefits_nok == pytest.approx(100 / 1.04 + 100 / 1.04**2)
    assert result.net_present_value_nok == pytest.approx(100 / 1.04 + 100 / 1.04**2 - 150)
    assert result.npv_per_budget_krone == pytest.approx((100 / 1.04 + 100 / 1.04**2 - 150) / 150)
    assert result.discount_factors == pytest.approx((1, 1 / 1.04, 1 / 1.04**2))


def test_budget_cost_can_be_part_of_the_cost(road_safety_measure):
    """Half the cost paid by the state budget: same NPV, NNB over 75 only."""
    result = cost_benefit(**road_safety_measure, budget_costs=[75])

    assert result.net_present_value_nok == pytest.approx(cost_benefit(**road_safety_measure).net_present_value_nok)
    assert result.npv_per_budget_krone == pytest.approx(result.net_present_value_nok / 75)


def test_tax_financing_cost_is_charged_on_the_budget_cost(road_safety_measure):
    """20 % of 150 = 30 less NPV."""
    plain = cost_benefit(**road_safety_measure)
    taxed = cost_benefit(**road_safety_measure, tax_financing_rate=R109_TAX_FINANCING_RATE)

    assert taxed.tax_financing_cost_nok == pytest.approx(30)
    assert taxed.net_present_value_nok == pytest.approx(plain.net_present_value_nok - 30)


def test_npv_per_budget_krone_is_none_without_budget_cost(road_safety_measure):
    assert cost_benefit(**road_safety_measure, budget_costs=[0, 0]).npv_per_budget_krone is None


def test_streams_of_different_lengths_are_padded_with_zeros():
    result = cost_benefit(benefits=[0, 0, 0, 104], costs=[10])

    assert result.net_present_value_nok == pytest.approx(104 / 1.04**3 - 10)
    assert len(result.discount_factors) == 4


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"benefits": [0, float("nan")], "costs": [1]}, "benefits[1]", ErrorCode.NOT_FINITE),
        ({"benefits": [0], "costs": [1, "2"]}, "costs[1]", ErrorCode.WRONG_TYPE),
        ({"benefits": None, "costs": [1]}, "benefits", ErrorCode.REQUIRED),
        ({"benefits": [0], "costs": [1], "near_rate": 1.0}, "near_rate", ErrorCode.OUT_OF_RANGE),
        ({"benefits": [0], "costs": [1], "far_rate": -0.01}, "far_rate", ErrorCode.OUT_OF_RANGE),
        ({"benefits": [0], "costs": [1], "far_years": 30}, "far_years", ErrorCode.INVALID_RANGE),
        ({"benefits": [0], "costs": [1], "tax_financing_rate": 2}, "tax_financing_rate", ErrorCode.OUT_OF_RANGE),
    ],
)
def test_invalid_input_is_named_in_the_error(kwargs, field, code):
    with pytest.raises(ImpactInputError) as caught:
        cost_benefit(**kwargs)

    assert (caught.value.field, caught.value.code) == (field, code)
