"""Specification of one-at-a-time sensitivity ranges and break-even values."""

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veier.impact.engine import (
    ErrorCode,
    ImpactInputError,
    Outcome,
    SensitivityRange,
    SroiInput,
    break_even,
    break_evens,
    calculate_sroi,
    one_at_a_time,
    standard_ranges,
)


def employment_case() -> SroiInput:
    """§1.6 (B) in the Guide convention: PV 346,927.12, ratio 1.388."""
    return SroiInput(
        outcomes=[
            Outcome(
                "participants", "citizen", 60, 8_500, deadweight=0.4, attribution=0.3, duration_years=2, drop_off=0.3
            )
        ],
        investment_nok=250_000,
        discount_rate=0.035,
    )


def two_outcome_case() -> SroiInput:
    """§1.6 (D): PV 41,787.74, ratio 1.393; outcome a alone is worth 30,918.18."""
    return SroiInput(
        outcomes=[
            Outcome("a", "citizen", 20, 1_000, deadweight=0.25, attribution=0.1, duration_years=3, drop_off=0.2),
            Outcome("b", "state", 10, 2_500, deadweight=0.5, displacement=0.1),
        ],
        investment_nok=30_000,
        discount_rate=0.035,
    )


@pytest.fixture
def employment() -> SroiInput:
    return employment_case()


@pytest.fixture
def two_outcomes() -> SroiInput:
    return two_outcome_case()


def ratio_with_outcome(case: SroiInput, index: int, **changes) -> float:
    outcomes = list(case.outcomes)
    outcomes[index] = dataclasses.replace(outcomes[index], **changes)
    return calculate_sroi(dataclasses.replace(case, outcomes=outcomes)).ratio


# --- tornado --------------------------------------------------------------------


def test_each_bar_holds_the_ratio_at_both_ends_of_its_range(two_outcomes):
    ranges = [
        SensitivityRange("deadweight", 0.1, 0.5, "set", outcome=0),
        SensitivityRange("proxy_value_nok", 0.5, 1.5, "scale", outcome=1),
        SensitivityRange("discount_rate", 0.0, 0.08),
    ]

    tornado = one_at_a_time(two_outcomes, ranges)
    bars = {bar.range.parameter: bar for bar in tornado.bars}

    assert tornado.base_ratio == pytest.approx(calculate_sroi(two_outcomes).ratio)
    assert bars["deadweight"].ratio_low == pytest.approx(ratio_with_outcome(two_outcomes, 0, deadweight=0.1))
    assert bars["deadweight"].ratio_high == pytest.approx(ratio_with_outcome(two_outcomes, 0, deadweight=0.5))
    assert bars["proxy_value_nok"].ratio_low == pytest.approx(
        ratio_with_outcome(two_outcomes, 1, proxy_value_nok=1_250)
    )
    assert bars["discount_rate"].ratio_low == pytest.approx((24_750 + 10_800 + 8_640) / 30_000)
    assert bars["discount_rate"].ratio_high == pytest.approx(
        calculate_sroi(dataclasses.replace(two_outcomes, discount_rate=0.08)).ratio
    )


def test_bars_are_sorted_widest_first(two_outcomes):
    tornado = one_at_a_time(two_outcomes, standard_ranges())
    swings = [bar.swing for bar in tornado.bars]

    assert swings == sorted(swings, reverse=True)
    assert all(bar.swing == pytest.approx(abs(bar.ratio_high - bar.ratio_low)) for bar in tornado.bars)
    assert tornado.bars[0].range.parameter == "proxy_value_nok"  # ×0.5..1.5 moves every pound of value


def test_range_without_outcome_changes_every_outcome(two_outcomes):
    """Scaling every proxy by 1.5 scales the whole present value by 1.5."""
    bar = one_at_a_time(two_outcomes, [SensitivityRange("proxy_value_nok", 0.5, 1.5, "scale")]).bars[0]

    assert bar.ratio_low == pytest.approx(0.5 * 41_787.74 / 30_000, abs=1e-6)
    assert bar.ratio_high == pytest.approx(1.5 * 41_787.74 / 30_000, abs=1e-6)


def test_shifted_shares_are_clipped_to_their_domain():
    """Deadweight 0.95 + 0.1 is treated as 1.0 (nothing left), not refused."""
    case = dataclasses.replace(
        employment_case(), outcomes=[dataclasses.replace(employment_case().outcomes[0], deadweight=0.95)]
    )

    bar = one_at_a_time(case, [SensitivityRange("deadweight", -0.1, 0.1, "shift")]).bars[0]

    assert bar.ratio_high == 0
    assert bar.ratio_low == pytest.approx(ratio_with_outcome(case, 0, deadweight=0.85))


def test_duration_range_shifts_whole_years(two_outcomes):
    bar = one_at_a_time(two_outcomes, [SensitivityRange("duration_years", -1, 1, "shift", outcome=0)]).bars[0]

    assert bar.ratio_low == pytest.approx(ratio_with_outcome(two_outcomes, 0, duration_years=2))
    assert bar.ratio_high == pytest.approx(ratio_with_outcome(two_outcomes, 0, duration_years=4))


@pytest.mark.parametrize(
    ("item", "field", "code"),
    [
        (SensitivityRange("happiness", 0, 1), "ranges[0].parameter", ErrorCode.INVALID_CHOICE),
        (SensitivityRange("deadweight", 0, 1, "double"), "ranges[0].how", ErrorCode.INVALID_CHOICE),
        (SensitivityRange("duration_years", 1, 2, "scale"), "ranges[0].how", ErrorCode.INVALID_CHOICE),
        (SensitivityRange("deadweight", 0.6, 0.2), "ranges[0]", ErrorCode.INVALID_RANGE),
        (SensitivityRange("deadweight", 0.2, 1.6), "ranges[0].high", ErrorCode.OUT_OF_RANGE),
        (SensitivityRange("proxy_value_nok", -1, 2, "scale"), "ranges[0].low", ErrorCode.OUT_OF_RANGE),
        (SensitivityRange("deadweight", 0, float("nan")), "ranges[0].high", ErrorCode.NOT_FINITE),
        (SensitivityRange("discount_rate", 0, 0.97, "shift"), "ranges[0].high", ErrorCode.OUT_OF_RANGE),
        (SensitivityRange("investment_nok", 0, 2, "scale"), "ranges[0].low", ErrorCode.OUT_OF_RANGE),
        (SensitivityRange("discount_rate", 0, 0.1, outcome=0), "ranges[0].outcome", ErrorCode.INVALID_CHOICE),
        (SensitivityRange("deadweight", 0, 0.1, outcome=5), "ranges[0].outcome", ErrorCode.OUT_OF_RANGE),
        (SensitivityRange("duration_years", 1.5, 2), "ranges[0].low", ErrorCode.WRONG_TYPE),
    ],
)
def test_invalid_range_is_named_in_the_error(two_outcomes, item, field, code):
    with pytest.raises(ImpactInputError) as caught:
        one_at_a_time(two_outcomes, [item])

    assert (caught.value.field, caught.value.code) == (field, code)


# --- break-even -----------------------------------------------------------------


def test_deadweight_break_even_solves_the_linear_equation(employment):
    """
    PV is proportional to (1 − deadweight): 346,927.12 / 0.6 × (1 − dw) = 250,000
    → dw = 1 − 250,000 × 0.6 / 346,927.12 = 0.56763.
    """
    result = break_even(employment, "deadweight", outcome=0)

    assert result.kind == "value"
    assert result.current == 0.4
    assert result.value == pytest.approx(1 - 250_000 * 0.6 / 346_927.116, rel=1e-9)
    assert ratio_with_outcome(employment, 0, deadweight=result.value) == pytest.approx(1, rel=1e-12)


def test_investment_break_even_is_the_present_value(employment):
    result = break_even(employment, "investment_nok")

    assert result.value == pytest.approx(346_927.12, abs=0.01)


def test_discount_rate_break_even_is_found_by_bisection(employment):
    """
    214,200 x + 149,940 x² = 250,000 with x = 1 / (1 + r)
    → x = (−214,200 + √(214,200² + 4 × 149,940 × 250,000)) / (2 × 149,940) = 0.76136, r = 0.3134.
    """
    result = break_even(employment, "discount_rate")

    x = (-214_200 + (214_200**2 + 4 * 149_940 * 250_000) ** 0.5) / (2 * 149_940)
    assert result.value == pytest.approx(1 / x - 1, rel=1e-9)
    assert calculate_sroi(dataclasses.replace(employment, discount_rate=result.value)).ratio == pytest.approx(1)


def test_drop_off_break_even_is_found_by_bisection(employment):
    """214,200 / 1.035 + 214,200 (1 − d) / 1.035² = 250,000 → d = 0.7847."""
    result = break_even(employment, "drop_off", outcome=0)

    assert result.value == pytest.approx(1 - (250_000 - 214_200 / 1.035) * 1.035**2 / 214_200, rel=1e-9)
    assert ratio_with_outcome(employment, 0, drop_off=result.value) == pytest.approx(1, abs=1e-9)


def test_duration_break_even_is_the_first_whole_year_reaching_one(two_outcomes):
    """Outcome a lasting 1 year gives 0.797; 2 years 1.133 → 2."""
    result = break_even(two_outcomes, "duration_years", outcome=0)

    assert (
        ratio_with_outcome(two_outcomes, 0, duration_years=1)
        < 1
        <= ratio_with_outcome(two_outcomes, 0, duration_years=2)
    )
    assert result.value == 2


def test_no_break_even_when_the_outcome_alone_cannot_sink_the_ratio(two_outcomes):
    """Outcome a alone: 30,918.18 / 30,000 > 1, so outcome b can drop to nothing."""
    for parameter in ("quantity", "proxy_value_nok", "deadweight", "displacement", "attribution"):
        assert break_even(two_outcomes, parameter, outcome=1).value is None


def test_no_break_even_when_even_the_best_value_stays_below_one():
    """Befriending service, ratio 0.81: even zero attribution leaves 57,200 < 60,000."""
    befriending = SroiInput(
        [Outcome("older people", "citizen", 80, 1_100, deadweight=0.35, attribution=0.15)],
        investment_nok=60_000,
        discount_first_year=False,
    )

    assert break_even(befriending, "attribution", outcome=0).value is None
    assert break_even(befriending, "deadweight", outcome=0).value == pytest.approx(1 - 60_000 / (88_000 * 0.85))


def test_break_even_for_all_proxies_is_a_common_factor(two_outcomes):
    """Scaling every proxy by 1 / ratio brings the ratio to exactly 1."""
    result = break_even(two_outcomes, "proxy_value_nok")

    assert (result.kind, result.current) == ("factor", 1.0)
    assert result.value == pytest.approx(30_000 / 41_787.744, rel=1e-6)


def test_break_even_for_a_share_of_all_outcomes_is_a_common_value(two_outcomes):
    result = break_even(two_outcomes, "deadweight")
    common = dataclasses.replace(
        two_outcomes, outcomes=[dataclasses.replace(o, deadweight=result.value) for o in two_outcomes.outcomes]
    )

    assert result.current is None  # 0.25 and 0.5 differ
    assert calculate_sroi(common).ratio == pytest.approx(1, rel=1e-9)


def test_break_evens_cover_every_parameter(two_outcomes):
    results = break_evens(two_outcomes)

    assert [(r.parameter, r.outcome) for r in results][-2:] == [("discount_rate", None), ("investment_nok", None)]
    assert len(results) == 2 * 7 + 2


@pytest.mark.parametrize(
    ("parameter", "outcome", "field", "code"),
    [
        ("colour", None, "parameter", ErrorCode.INVALID_CHOICE),
        ("investment_nok", 0, "outcome", ErrorCode.INVALID_CHOICE),
        ("deadweight", 3, "outcome", ErrorCode.OUT_OF_RANGE),
    ],
)
def test_invalid_break_even_request_is_named(two_outcomes, parameter, outcome, field, code):
    with pytest.raises(ImpactInputError) as caught:
        break_even(two_outcomes, parameter, outcome)

    assert (caught.value.field, caught.value.code) == (field, code)


linear_parameters = st.sampled_from(["quantity", "proxy_value_nok", "deadweight", "displacement", "attribution"])


@settings(max_examples=60)
@given(
    parameter=linear_parameters,
    investment=st.floats(1_000, 100_000),
    rate=st.floats(0, 0.2),
)
def test_any_break_even_found_gives_a_ratio_of_one(parameter, investment, rate):
    case = dataclasses.replace(two_outcome_case(), investment_nok=investment, discount_rate=rate)

    result = break_even(case, parameter, outcome=0)

    if result.value is not None:
        assert ratio_with_outcome(case, 0, **{parameter: result.value}) == pytest.approx(1, rel=1e-9)
    else:
        # No root in the domain: the ratio stays on one side of 1 at both ends.
        domain_ends = (0.0, 1.0) if parameter not in ("quantity", "proxy_value_nok") else (0.0, 1e9)
        sides = {ratio_with_outcome(case, 0, **{parameter: end}) > 1 for end in domain_ends}
        assert len(sides) == 1
