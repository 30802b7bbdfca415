"""Specification of the Monte Carlo uncertainty analysis."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veier.impact.engine import (
    ErrorCode,
    ImpactInputError,
    Outcome,
    SroiInput,
    Uncertainty,
    calculate_sroi,
    simulate,
    simulate_loop,
)
from veier.impact.engine.montecarlo import ratios_loop, ratios_vectorised, sample_inputs, validate_uncertainties


def two_outcome_case() -> SroiInput:
    """Two outcomes, one starting late, with drop-off; deterministic ratio ≈ 1.38."""
    return SroiInput(
        outcomes=[
            Outcome("a", "citizen", 20, 1_000, deadweight=0.25, attribution=0.1, duration_years=3, drop_off=0.2),
            Outcome("b", "state", 10, 2_500, deadweight=0.5, displacement=0.1, duration_years=2, start_year=2),
        ],
        investment_nok=30_000,
        discount_rate=0.035,
    )


def ranges_on_everything() -> list[Uncertainty]:
    """A range on every kind of input, mixing both distributions."""
    return [
        Uncertainty("quantity", 15, 20, 22, outcome=0),
        Uncertainty("proxy_value_nok", 2_000, 2_500, 3_500, outcome=1, distribution="pert"),
        Uncertainty("deadweight", 0.1, 0.25, 0.5, outcome=0),
        Uncertainty("displacement", 0.0, 0.1, 0.2, outcome=1, distribution="pert"),
        Uncertainty("attribution", 0.05, 0.1, 0.3, outcome=0),
        Uncertainty("drop_off", 0.1, 0.2, 0.4, outcome=0, distribution="pert"),
        Uncertainty("discount_rate", 0.02, 0.035, 0.06),
        Uncertainty("investment_nok", 28_000, 30_000, 40_000, distribution="pert"),
    ]


# Plain functions as well as fixtures, because hypothesis tests cannot take fixtures.
@pytest.fixture
def case() -> SroiInput:
    return two_outcome_case()


@pytest.fixture
def ranges() -> list[Uncertainty]:
    return ranges_on_everything()


def test_same_seed_gives_identical_results(case, ranges):
    first = simulate(case, ranges, draws=5_000, seed=42)
    second = simulate(case, ranges, draws=5_000, seed=42)

    assert np.array_equal(first.ratios, second.ratios)
    assert first == second


def test_thread_count_does_not_change_the_numbers(case, ranges):
    """Every range has its own child generator and blocks are written in place."""
    single = simulate(case, ranges, draws=70_000, seed=3, workers=1)
    threaded = simulate(case, ranges, draws=70_000, seed=3, workers=4)

    assert np.array_equal(single.ratios, threaded.ratios)


def test_appending_a_range_keeps_the_draws_of_earlier_ranges(ranges):
    """Common random numbers: scenario comparisons differ only by what changed."""
    before = sample_inputs(ranges[:3], draws=1_000, seed=8)
    after = sample_inputs(ranges, draws=1_000, seed=8)

    for key, values in before.items():
        assert np.array_equal(after[key], values)


def test_different_seeds_give_different_draws(case, ranges):
    first = simulate(case, ranges, draws=1_000, seed=1)
    second = simulate(case, ranges, draws=1_000, seed=2)

    assert not np.array_equal(first.ratios, second.ratios)


def test_vectorised_and_loop_give_the_same_numbers_for_the_same_draws(case, ranges):
    for first_year in (True, False):
        variant = dataclasses.replace(case, discount_first_year=first_year)
        fast = simulate(variant, ranges, draws=3_000, seed=7)
        slow = simulate_loop(variant, ranges, draws=3_000, seed=7)

        np.testing.assert_allclose(fast.ratios, slow.ratios, rtol=1e-12)
        assert fast.p50 == pytest.approx(slow.p50, rel=1e-12)


def test_loop_reference_matches_the_deterministic_engine_draw_by_draw(case, ranges):
    """Each draw of the reference equals calculate_sroi on a case built from that draw."""
    checked = validate_uncertainties(case, ranges)
    samples = sample_inputs(checked, draws=20, seed=3)
    ratios = ratios_loop(case, samples, 20)
    for draw in range(20):
        outcomes = [dataclasses.replace(o) for o in case.outcomes]
        values = {}
        for (parameter, index), column in samples.items():
            if index is None:
                values[parameter] = float(column[draw])
            else:
                outcomes[index] = dataclasses.replace(outcomes[index], **{parameter: float(column[draw])})
        drawn_case = dataclasses.replace(case, outcomes=outcomes, **values)

        assert ratios[draw] == pytest.approx(calculate_sroi(drawn_case).ratio, rel=1e-12)


def test_without_ranges_every_draw_is_the_deterministic_ratio(case):
    result = simulate(case, [], draws=10, seed=0)

    assert result.ratios == pytest.approx([calculate_sroi(case).ratio] * 10, rel=1e-12)
    assert result.std == pytest.approx(0, abs=1e-12)


values_in_domain = {
    "quantity": st.floats(0, 1e4),
    "proxy_value_nok": st.floats(0, 1e6),
    "deadweight": st.floats(0, 1),
    "displacement": st.floats(0, 1),
    "attribution": st.floats(0, 1),
    "drop_off": st.floats(0, 1),
    "discount_rate": st.floats(0, 0.99),
    "investment_nok": st.floats(1, 1e7),
}


@settings(max_examples=60)
@given(
    parameter=st.sampled_from(sorted(values_in_domain)),
    distribution=st.sampled_from(["triangular", "pert"]),
    data=st.data(),
)
def test_degenerate_range_reproduces_the_deterministic_ratio(parameter, distribution, data):
    case = two_outcome_case()
    value = data.draw(values_in_domain[parameter])
    outcome = None if parameter in ("discount_rate", "investment_nok") else data.draw(st.integers(0, 1))
    if outcome is None:
        pinned = dataclasses.replace(case, **{parameter: value})
    else:
        outcomes = list(case.outcomes)
        outcomes[outcome] = dataclasses.replace(outcomes[outcome], **{parameter: value})
        pinned = dataclasses.replace(case, outcomes=outcomes)
    uncertainty = Uncertainty(parameter, value, value, value, outcome=outcome, distribution=distribution)

    result = simulate(case, [uncertainty], draws=50, seed=data.draw(st.integers(0, 2**32)))

    expected = calculate_sroi(pinned).ratio
    assert result.ratios == pytest.approx([expected] * 50, rel=1e-12, abs=1e-300)
    assert result.p5 == result.p95


@settings(max_examples=20)
@given(seed=st.integers(0, 2**63), draws=st.integers(1, 500))
def test_any_seed_is_reproducible(seed, draws):
    case, ranges = two_outcome_case(), ranges_on_everything()
    assert np.array_equal(
        simulate(case, ranges, draws=draws, seed=seed).ratios,
        simulate(case, ranges, draws=draws, seed=seed).ratios,
    )


def test_triangular_and_pert_draws_have_their_textbook_means():
    """Triangular mean (a + m + b) / 3, PERT mean (a + 4m + b) / 6; both stay within [a, b]."""
    ranges = [
        Uncertainty("deadweight", 0.1, 0.2, 0.6, outcome=0),
        Uncertainty("attribution", 0.1, 0.2, 0.6, outcome=0, distribution="pert"),
    ]
    samples = sample_inputs(ranges, draws=200_000, seed=11)
    triangular, pert = samples[("deadweight", 0)], samples[("attribution", 0)]

    assert triangular.mean() == pytest.approx(0.9 / 3, abs=2e-3)
    assert pert.mean() == pytest.approx(1.5 / 6, abs=2e-3)
    assert triangular.min() >= 0.1 and triangular.max() <= 0.6
    assert pert.min() >= 0.1 and pert.max() <= 0.6


def test_summary_statistics_describe_the_draws(case, ranges):
    result = simulate(case, ranges, draws=20_000, seed=5, bins=25)

    assert result.p5 < result.p50 < result.p95
    assert result.p5 == pytest.approx(np.percentile(result.ratios, 5))
    assert result.mean == pytest.approx(result.ratios.mean())
    assert result.probability_below_one == np.mean(result.ratios < 1)
    assert 0 < result.probability_below_one < 1
    assert len(result.histogram.edges) == 26
    assert sum(result.histogram.counts) == 20_000
    assert result.histogram.edges[0] == result.ratios.min()
    assert result.histogram.edges[-1] == result.ratios.max()


def test_wider_uncertainty_on_a_failing_case_shows_chance_above_one(case):
    """Investment far above PV: certain failure, unless the proxy range reaches high enough."""
    costly = dataclasses.replace(case, investment_nok=100_000)
    certain = simulate(costly, [], draws=100, seed=0)
    hopeful = simulate(costly, [Uncertainty("proxy_value_nok", 0, 2_500, 50_000, outcome=1)], draws=10_000, seed=0)

    assert certain.probability_below_one == 1.0
    assert 0 < hopeful.probability_below_one < 1.0


def test_vectorised_engine_handles_only_case_level_ranges(case):
    """No per-outcome range: outcome values stay 1-D and broadcast against the draws."""
    ranges = [Uncertainty("discount_rate", 0.0, 0.035, 0.1)]
    checked = validate_uncertainties(case, ranges)
    samples = sample_inputs(checked, draws=500, seed=9)

    np.testing.assert_allclose(ratios_vectorised(case, samples, 500), ratios_loop(case, samples, 500), rtol=1e-12)


# --- validation -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("uncertainty", "field", "code"),
    [
        (Uncertainty("deadweight", 0.3, 0.2, 0.4, outcome=0), "uncertainties[0]", ErrorCode.INVALID_RANGE),
        (Uncertainty("deadweight", 0.1, 0.5, 0.4, outcome=0), "uncertainties[0]", ErrorCode.INVALID_RANGE),
        (Uncertainty("deadweight", 0.1, 0.5, 1.2, outcome=0), "uncertainties[0].high", ErrorCode.OUT_OF_RANGE),
        (Uncertainty("quantity", -1, 5, 10, outcome=0), "uncertainties[0].low", ErrorCode.OUT_OF_RANGE),
        (
            Uncertainty("proxy_value_nok", 1, float("nan"), 10, outcome=0),
            "uncertainties[0].mode",
            ErrorCode.NOT_FINITE,
        ),
        (Uncertainty("discount_rate", 0.0, 0.5, 1.0), "uncertainties[0].high", ErrorCode.OUT_OF_RANGE),
        (Uncertainty("investment_nok", 0, 10, 20), "uncertainties[0].low", ErrorCode.OUT_OF_RANGE),
        (Uncertainty("duration_years", 1, 2, 3, outcome=0), "uncertainties[0].parameter", ErrorCode.INVALID_CHOICE),
        (
            Uncertainty("deadweight", 0, 0, 0, outcome=0, distribution="normal"),
            "uncertainties[0].distribution",
            ErrorCode.INVALID_CHOICE,
        ),
        (Uncertainty("deadweight", 0, 0, 0), "uncertainties[0].outcome", ErrorCode.REQUIRED),
        (Uncertainty("deadweight", 0, 0, 0, outcome=2), "uncertainties[0].outcome", ErrorCode.OUT_OF_RANGE),
        (Uncertainty("discount_rate", 0, 0, 0, outcome=0), "uncertainties[0].outcome", ErrorCode.INVALID_CHOICE),
    ],
)
def test_invalid_range_is_named_in_the_error(case, uncertainty, field, code):
    with pytest.raises(ImpactInputError) as caught:
        simulate(case, [uncertainty], draws=10, seed=0)

    assert (caught.value.field, caught.value.code) == (field, code)


def test_a_second_range_for_the_same_input_is_refused(case):
    ranges = [Uncertainty("deadweight", 0, 0.1, 0.2, outcome=0), Uncertainty("deadweight", 0, 0.2, 0.3, outcome=0)]

    with pytest.raises(ImpactInputError) as caught:
        simulate(case, ranges, draws=10, seed=0)

    assert (caught.value.field, caught.value.code) == ("uncertainties[1]", ErrorCode.INVALID_CHOICE)


@pytest.mark.parametrize(
    ("options", "field", "code"),
    [
        ({"draws": 0, "seed": 1}, "draws", ErrorCode.OUT_OF_RANGE),
        ({"draws": 1_000_001, "seed": 1}, "draws", ErrorCode.OUT_OF_RANGE),
        ({"draws": 10.0, "seed": 1}, "draws", ErrorCode.WRONG_TYPE),
        ({"draws": 10, "seed": -1}, "seed", ErrorCode.OUT_OF_RANGE),
        ({"draws": 10, "seed": None}, "seed", ErrorCode.REQUIRED),
        ({"draws": 10, "seed": 1, "bins": 0}, "bins", ErrorCode.OUT_OF_RANGE),
    ],
)
def test_invalid_simulation_options_are_named(case, options, field, code):
    with pytest.raises(ImpactInputError) as caught:
        simulate(case, [], **options)

    assert (caught.value.field, caught.value.code) == (field, code)


def test_invalid_case_is_refused_before_sampling(case):
    broken = dataclasses.replace(case, investment_nok=0)

    with pytest.raises(ImpactInputError) as caught:
        simulate(broken, [], draws=10, seed=0)

    assert caught.value.field == "investment_nok"


def test_draw_limits_are_inclusive(case):
    assert simulate(case, [], draws=1, seed=0).draws == 1
    assert simulate(case, [Uncertainty("deadweight", 0, 0.25, 0.5, outcome=0)], draws=1_000_000, seed=0).draws == (
        1_000_000
    )
