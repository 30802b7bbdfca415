"""
Specification of the deterministic SROI calculation.

Worked examples come from shared/reference/sroi-and-impact.md §1.6; hand
calculations are written out next to each expectation.
"""

import dataclasses
import math
from decimal import Decimal

import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veier.impact.engine import (
    ErrorCode,
    ImpactInputError,
    Level,
    Outcome,
    SroiInput,
    calculate_sroi,
    discount_factor,
)

# --- fixtures: published and derived cases -------------------------------------------


@pytest.fixture
def employment_programme() -> SroiInput:
    """§1.6 (B): 60 people into sustained work, £250,000 of inputs, 3.5 %."""
    return SroiInput(
        outcomes=[
            Outcome(
                stakeholder="participants",
                level=Level.CITIZEN,
                quantity=60,
                proxy_value_nok=8_500,
                deadweight=0.40,
                attribution=0.30,
                duration_years=2,
                drop_off=0.30,
                name="sustained employment",
            )
        ],
        investment_nok=250_000,
        discount_rate=0.035,
    )


@pytest.fixture
def befriending_service() -> SroiInput:
    """§1.6 (B), second case: one year, no discounting, £60,000 of inputs."""
    return SroiInput(
        outcomes=[
            Outcome("older people", "citizen", 80, 1_100, deadweight=0.35, attribution=0.15),
        ],
        investment_nok=60_000,
        discount_rate=0.035,
        discount_first_year=False,
    )


@pytest.fixture
def derived_guide_case() -> SroiInput:
    """§1.6 (D): two outcomes, Guide convention (year 1 discounted), 3.5 %."""
    return SroiInput(
        outcomes=[
            Outcome("a", "citizen", 20, 1_000, deadweight=0.25, attribution=0.10, duration_years=3, drop_off=0.20),
            Outcome("b", "state", 10, 2_500, deadweight=0.50, displacement=0.10),
        ],
        investment_nok=30_000,
        discount_rate=0.035,
    )


@pytest.fixture
def staggered_case() -> SroiInput:
    """
    Three outcomes starting in years 1, 2 and 3, at r = 10 % so the present
    values come out round.

    x: 11 × 500 × (1 − 0.2)            = 4 400, then 2 200 (50 % drop-off)
    y: 9 × 1 100 × (1 − 0)             = 9 900 in years 2 and 3 (no drop-off)
    z: 31 × 200 × (1 − 0.45)           = 3 410 in year 3
    year totals 4 400 / 12 100 / 13 310 = 1.1 × 4 000, 1.1² × 10 000, 1.1³ × 10 000
    """
    return SroiInput(
        outcomes=[
            Outcome("youth", "citizen", 11, 500, deadweight=0.2, duration_years=2, drop_off=0.5, name="x"),
            Outcome("school", "municipality", 9, 1_100, duration_years=2, start_year=2, name="y"),
            Outcome("police", "state", 31, 200, attribution=0.45, start_year=3, name="z"),
        ],
        investment_nok=16_000,
        discount_rate=0.10,
    )


# --- published worked examples --------------------------------------------------


def test_employment_programme_matches_published_figures_with_year_one_undiscounted(employment_programme):
    """Published: £214,200 in year 1, £149,940 in year 2, PV £359,070, ratio 1.44 : 1."""
    result = calculate_sroi(dataclasses.replace(employment_programme, discount_first_year=False))

    assert result.outcomes[0].first_year_impact_nok == pytest.approx(214_200)
    assert [year.value_nok for year in result.years] == pytest.approx([214_200, 149_940])
    assert result.years[1].present_value_nok == pytest.approx(144_870, abs=1)
    assert result.total_present_value_nok == pytest.approx(359_070, abs=1)
    assert result.total_present_value_nok == pytest.approx(359_069.57, abs=0.01)  # the recomputation
    assert round(result.ratio, 2) == 1.44
    assert result.ratio == pytest.approx(1.436, abs=5e-4)


def test_employment_programme_under_guide_convention(employment_programme):
    """Year 1 discounted too: PV £346,927.12, ratio 1.388, NPV £96,927, payback 14.0 months."""
    result = calculate_sroi(employment_programme)

    assert [year.present_value_nok for year in result.years] == pytest.approx([206_956.52, 139_970.60], abs=0.01)
    assert result.total_present_value_nok == pytest.approx(346_927.12, abs=0.01)
    assert result.ratio == pytest.approx(1.388, abs=5e-4)
    assert result.net_present_value_nok == pytest.approx(96_927, abs=1)
    assert result.payback_months == pytest.approx(14.0, abs=0.05)


def test_payback_uses_undiscounted_year_one_impact_under_both_conventions(employment_programme):
    """250 000 / (214 200 / 12) = 14.0056 months, whichever way year 1 is discounted."""
    paybacks = [
        calculate_sroi(dataclasses.replace(employment_programme, discount_first_year=flag)).payback_months
        for flag in (True, False)
    ]
    assert paybacks == pytest.approx([250_000 * 12 / 214_200] * 2)


def test_befriending_service_ratio_is_below_one(befriending_service):
    """Published: 80 × £1,100 = £88,000 gross → £48,620, ratio 0.81."""
    result = calculate_sroi(befriending_service)

    assert result.total_present_value_nok == pytest.approx(48_620)
    assert round(result.ratio, 2) == 0.81
    assert result.net_present_value_nok < 0
    assert result.net_ratio == pytest.approx(48_620 / 60_000 - 1)


def test_derived_guide_case(derived_guide_case):
    """§1.6 (D): totals 24,750 / 10,800 / 8,640 → PV 41,787.74, ratio 1.393, payback 14.5 months."""
    result = calculate_sroi(derived_guide_case)

    assert [o.values_nok for o in result.outcomes] == [
        pytest.approx((13_500, 10_800, 8_640)),
        pytest.approx((11_250, 0, 0)),
    ]
    assert [year.value_nok for year in result.years] == pytest.approx([24_750, 10_800, 8_640])
    assert result.total_present_value_nok == pytest.approx(41_787.74, abs=0.01)
    assert result.net_present_value_nok == pytest.approx(11_787.74, abs=0.01)
    assert result.ratio == pytest.approx(1.393, abs=5e-4)
    assert result.net_ratio == pytest.approx(0.393, abs=5e-4)
    assert result.payback_months == pytest.approx(14.5, abs=0.05)


# --- hand-checked multi-outcome case ------------------------------------------------


def test_staggered_outcomes_by_year(staggered_case):
    """Each outcome lands in its own years; drop-off starts in its second year."""
    result = calculate_sroi(staggered_case)

    assert [o.values_nok for o in result.outcomes] == [
        pytest.approx((4_400, 2_200, 0)),
        pytest.approx((0, 9_900, 9_900)),
        pytest.approx((0, 0, 3_410)),
    ]
    assert [year.value_nok for year in result.years] == pytest.approx([4_400, 12_100, 13_310])
    assert [year.present_value_nok for year in result.years] == pytest.approx([4_000, 10_000, 10_000])


def test_staggered_outcomes_totals(staggered_case):
    """PV 24 000 against 16 000 invested: ratio 1.5, net ratio 0.5, NPV 8 000."""
    result = calculate_sroi(staggered_case)

    assert result.total_present_value_nok == pytest.approx(24_000)
    assert result.net_present_value_nok == pytest.approx(8_000)
    assert result.ratio == pytest.approx(1.5)
    assert result.net_ratio == pytest.approx(0.5)


def test_staggered_outcomes_paybacks(staggered_case):
    """
    Guide payback: 16 000 / (4 400 / 12) = 43.64 months. Discounted payback:
    cumulative PV 4 000, 14 000, 24 000 → 2 000 of year 3's 10 000 → 2.2 years.
    """
    result = calculate_sroi(staggered_case)

    assert result.payback_months == pytest.approx(16_000 * 12 / 4_400)
    assert result.discounted_payback_months == pytest.approx(26.4)


def test_staggered_outcomes_by_level(staggered_case):
    """
    citizen (x): 4 400/1.1 + 2 200/1.21 = 4 000 + 1 818.18
    municipality (y): 9 900/1.21 + 9 900/1.331 = 8 181.82 + 7 438.02
    state (z): 3 410/1.331 = 2 561.98; society: nothing
    """
    result = calculate_sroi(staggered_case)

    assert result.by_level == {
        Level.CITIZEN: pytest.approx(4_000 + 2_200 / 1.21),
        Level.MUNICIPALITY: pytest.approx(9_900 / 1.21 + 9_900 / 1.331),
        Level.STATE: pytest.approx(3_410 / 1.331),
        Level.SOCIETY: 0.0,
    }
    assert result.by_level["citizen"] == result.by_level[Level.CITIZEN]
    assert result.by_stakeholder == {
        "youth": pytest.approx(4_000 + 2_200 / 1.21),
        "school": pytest.approx(9_900 / 1.21 + 9_900 / 1.331),
        "police": pytest.approx(3_410 / 1.331),
    }


def test_leaving_year_one_undiscounted_shifts_every_factor_by_one_year(staggered_case):
    """4 400 + 12 100/1.1 + 13 310/1.21 = 4 400 + 11 000 + 11 000."""
    result = calculate_sroi(dataclasses.replace(staggered_case, discount_first_year=False))

    assert [year.discount_factor for year in result.years] == pytest.approx([1, 1 / 1.1, 1 / 1.21])
    assert result.total_present_value_nok == pytest.approx(26_400)


def test_payback_is_none_without_value_in_year_one(staggered_case):
    late = dataclasses.replace(staggered_case, outcomes=staggered_case.outcomes[1:])

    result = calculate_sroi(late)

    assert result.payback_months is None
    # Year 2 brings 9 900/1.21 = 8 181.82, year 3 (9 900 + 3 410)/1.331 = 10 000.
    assert result.discounted_payback_months == pytest.approx(12 * (2 + (16_000 - 9_900 / 1.21) / 10_000))


def test_payback_is_none_when_year_one_value_is_vanishingly_small(befriending_service):
    """A subnormal year-1 value would make the payback overflow; there is no meaningful payback."""
    tiny = dataclasses.replace(
        befriending_service,
        outcomes=[dataclasses.replace(befriending_service.outcomes[0], quantity=1, proxy_value_nok=5e-324)],
    )

    assert calculate_sroi(tiny).payback_months is None


def test_discounted_payback_is_none_when_investment_is_never_recovered(befriending_service):
    assert calculate_sroi(befriending_service).discounted_payback_months is None


def test_decimal_inputs_give_the_same_result_as_floats(derived_guide_case):
    """Django's DecimalField hands over Decimals; the engine accepts them."""
    as_decimal = SroiInput(
        outcomes=[
            dataclasses.replace(
                outcome,
                quantity=Decimal(outcome.quantity),
                proxy_value_nok=Decimal(outcome.proxy_value_nok),
                deadweight=Decimal(str(outcome.deadweight)),
            )
            for outcome in derived_guide_case.outcomes
        ],
        investment_nok=Decimal("30000.00"),
        discount_rate=Decimal("0.035"),
    )

    assert calculate_sroi(as_decimal).ratio == pytest.approx(calculate_sroi(derived_guide_case).ratio)


# --- numpy-financial as an independent oracle ----------------------------------------


def test_present_value_agrees_with_numpy_financial(staggered_case, derived_guide_case):
    """npf.npv discounts its first value by (1 + r)^0, so a leading 0 gives the Guide convention."""
    for case in (staggered_case, derived_guide_case):
        totals = [year.value_nok for year in calculate_sroi(case).years]
        rate = case.discount_rate
        guide = calculate_sroi(case).total_present_value_nok
        undiscounted_first = calculate_sroi(dataclasses.replace(case, discount_first_year=False))

        assert guide == pytest.approx(npf.npv(rate, [0, *totals]), rel=1e-12)
        assert undiscounted_first.total_present_value_nok == pytest.approx(npf.npv(rate, totals), rel=1e-12)


@given(
    rate=st.floats(0, 0.5),
    values=st.lists(st.floats(0, 1e7), min_size=1, max_size=30),
)
def test_discount_factors_agree_with_numpy_financial(rate, values):
    ours = math.fsum(v * discount_factor(t, rate) for t, v in enumerate(values, start=1))
    assert ours == pytest.approx(npf.npv(rate, [0, *values]), rel=1e-9, abs=1e-6)


# --- properties -----------------------------------------------------------------

shares = st.floats(0, 1)
outcomes = st.builds(
    Outcome,
    stakeholder=st.sampled_from(["participants", "families", "employers"]),
    level=st.sampled_from(list(Level)),
    quantity=st.floats(0, 10_000),
    proxy_value_nok=st.floats(0, 1e6),
    deadweight=shares,
    displacement=shares,
    attribution=shares,
    drop_off=shares,
    duration_years=st.integers(1, 10),
    start_year=st.integers(1, 5),
)
cases = st.builds(
    SroiInput,
    outcomes=st.lists(outcomes, min_size=1, max_size=6),
    investment_nok=st.floats(1, 1e8),
    discount_rate=st.floats(0, 0.2),
    discount_first_year=st.booleans(),
)


@given(case=cases, data=st.data())
def test_more_deadweight_never_raises_the_ratio(case, data):
    index = data.draw(st.integers(0, len(case.outcomes) - 1))
    low = data.draw(shares)
    high = data.draw(st.floats(low, 1))

    def ratio_with(deadweight):
        outcomes = list(case.outcomes)
        outcomes[index] = dataclasses.replace(outcomes[index], deadweight=deadweight)
        return calculate_sroi(dataclasses.replace(case, outcomes=outcomes)).ratio

    assert ratio_with(high) <= ratio_with(low) * (1 + 1e-12)


@given(case=cases)
def test_without_drop_off_or_discounting_pv_is_the_plain_sum(case):
    flat = dataclasses.replace(
        case,
        outcomes=[dataclasses.replace(o, drop_off=0) for o in case.outcomes],
        discount_rate=0,
    )
    expected = math.fsum(
        o.quantity
        * o.proxy_value_nok
        * (1 - o.deadweight)
        * (1 - o.displacement)
        * (1 - o.attribution)
        * o.duration_years
        for o in flat.outcomes
    )

    assert calculate_sroi(flat).total_present_value_nok == pytest.approx(expected, rel=1e-12, abs=1e-9)


@given(case=cases, factor=st.floats(0.01, 100))
def test_ratio_scales_inversely_with_investment(case, factor):
    base = calculate_sroi(case)
    scaled = calculate_sroi(dataclasses.replace(case, investment_nok=case.investment_nok * factor))

    assert scaled.ratio * factor == pytest.approx(base.ratio, rel=1e-12, abs=1e-300)
    assert scaled.total_present_value_nok == base.total_present_value_nok


@given(case=cases)
def test_breakdowns_sum_to_total_present_value(case):
    result = calculate_sroi(case)

    assert set(result.by_level) == set(Level)
    assert math.fsum(result.by_level.values()) == pytest.approx(result.total_present_value_nok, rel=1e-12)
    assert math.fsum(result.by_stakeholder.values()) == pytest.approx(result.total_present_value_nok, rel=1e-12)
    assert math.fsum(y.present_value_nok for y in result.years) == pytest.approx(
        result.total_present_value_nok, rel=1e-12
    )


@settings(max_examples=50)
@given(case=cases)
def test_ratio_definitions(case):
    result = calculate_sroi(case)

    assert result.ratio == result.total_present_value_nok / result.investment_nok
    assert result.net_ratio == pytest.approx(result.ratio - 1, rel=1e-12, abs=1e-12)
    assert len(result.years) == max(o.start_year + o.duration_years - 1 for o in case.outcomes)


# --- validation -----------------------------------------------------------------


@pytest.fixture
def valid_case(derived_guide_case) -> SroiInput:
    return derived_guide_case


def with_second_outcome(case: SroiInput, **changes) -> SroiInput:
    outcomes = list(case.outcomes)
    outcomes[1] = dataclasses.replace(outcomes[1], **changes)
    return dataclasses.replace(case, outcomes=outcomes)


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"deadweight": 1.01}, "outcomes[1].deadweight", ErrorCode.OUT_OF_RANGE),
        ({"deadweight": -0.01}, "outcomes[1].deadweight", ErrorCode.OUT_OF_RANGE),
        ({"displacement": 2}, "outcomes[1].displacement", ErrorCode.OUT_OF_RANGE),
        ({"attribution": float("nan")}, "outcomes[1].attribution", ErrorCode.NOT_FINITE),
        ({"drop_off": float("inf")}, "outcomes[1].drop_off", ErrorCode.NOT_FINITE),
        ({"drop_off": Decimal("NaN")}, "outcomes[1].drop_off", ErrorCode.NOT_FINITE),
        ({"quantity": -1}, "outcomes[1].quantity", ErrorCode.OUT_OF_RANGE),
        ({"quantity": None}, "outcomes[1].quantity", ErrorCode.REQUIRED),
        ({"quantity": "12"}, "outcomes[1].quantity", ErrorCode.WRONG_TYPE),
        ({"quantity": True}, "outcomes[1].quantity", ErrorCode.WRONG_TYPE),
        ({"proxy_value_nok": -0.5}, "outcomes[1].proxy_value_nok", ErrorCode.OUT_OF_RANGE),
        ({"duration_years": 0}, "outcomes[1].duration_years", ErrorCode.OUT_OF_RANGE),
        ({"duration_years": 101}, "outcomes[1].duration_years", ErrorCode.OUT_OF_RANGE),
        ({"duration_years": 2.0}, "outcomes[1].duration_years", ErrorCode.WRONG_TYPE),
        ({"start_year": 0}, "outcomes[1].start_year", ErrorCode.OUT_OF_RANGE),
        ({"start_year": 101}, "outcomes[1].start_year", ErrorCode.OUT_OF_RANGE),
        ({"level": "county"}, "outcomes[1].level", ErrorCode.INVALID_CHOICE),
        ({"level": ""}, "outcomes[1].level", ErrorCode.REQUIRED),
        ({"stakeholder": ""}, "outcomes[1].stakeholder", ErrorCode.REQUIRED),
        ({"stakeholder": 7}, "outcomes[1].stakeholder", ErrorCode.WRONG_TYPE),
    ],
)
def test_invalid_outcome_field_is_named_in_the_error(valid_case, changes, field, code):
    with pytest.raises(ImpactInputError) as caught:
        calculate_sroi(with_second_outcome(valid_case, **changes))

    assert (caught.value.field, caught.value.code) == (field, code)
    assert caught.value.message


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"investment_nok": 0}, "investment_nok", ErrorCode.OUT_OF_RANGE),
        ({"investment_nok": -100}, "investment_nok", ErrorCode.OUT_OF_RANGE),
        ({"investment_nok": float("inf")}, "investment_nok", ErrorCode.NOT_FINITE),
        ({"discount_rate": 1.0}, "discount_rate", ErrorCode.OUT_OF_RANGE),
        ({"discount_rate": -0.01}, "discount_rate", ErrorCode.OUT_OF_RANGE),
        ({"discount_rate": float("nan")}, "discount_rate", ErrorCode.NOT_FINITE),
        ({"discount_first_year": "yes"}, "discount_first_year", ErrorCode.WRONG_TYPE),
        ({"outcomes": []}, "outcomes", ErrorCode.REQUIRED),
        ({"outcomes": ["not an outcome"]}, "outcomes[0]", ErrorCode.WRONG_TYPE),
    ],
)
def test_invalid_case_field_is_named_in_the_error(valid_case, changes, field, code):
    with pytest.raises(ImpactInputError) as caught:
        calculate_sroi(dataclasses.replace(valid_case, **changes))

    assert (caught.value.field, caught.value.code) == (field, code)


def test_boundary_values_are_accepted(valid_case):
    """Shares of exactly 0 and 1, zero quantity, 100 years and r = 0 are all valid."""
    case = with_second_outcome(
        dataclasses.replace(valid_case, discount_rate=0),
        deadweight=1,
        drop_off=0,
        quantity=0,
        duration_years=100,
        start_year=1,
    )

    assert len(calculate_sroi(case).years) == 100


def test_error_codes_are_a_small_documented_set():
    assert {code.value for code in ErrorCode} == {
        "required",
        "wrong_type",
        "not_finite",
        "out_of_range",
        "invalid_choice",
        "invalid_range",
    }


def test_error_carries_field_code_and_message():
    error = ImpactInputError("outcomes[2].deadweight", "out_of_range", "Must be within [0, 1].")

    assert (error.field, error.code, error.message) == (
        "outcomes[2].deadweight",
        "out_of_range",
        "Must be within [0, 1].",
    )
    assert str(error) == "outcomes[2].deadweight: Must be within [0, 1]."
    assert isinstance(error, ValueError)
