"""
Monte Carlo uncertainty analysis of the SROI ratio.

Each uncertain input gets a three-point range (low, mode, high) drawn either
from a triangular distribution or from a beta-PERT distribution (shape
λ = 4: α = 1 + 4(mode − low)/(high − low), β = 1 + 4(high − mode)/(high − low)).
Inputs without a range keep their deterministic value. Draws are
independent between inputs.

The engine is vectorised over draws: draws are columns of an
(outcomes × draws) array, and the only Python loops are over the years of
the longest outcome and over cache-sized blocks of draws (which also let
two or more cores share the work; numpy releases the GIL). Per outcome the
present value is the sum ``sroi.calculate_sroi`` builds year by year,
rearranged as

    PV_i = I_i × (1 + r)^−(start_i − s) × Σ_{k < duration_i} ((1 − drop_off_i) / (1 + r))^k

with s = 0 when the first year is discounted and s = 1 otherwise.

Triangular draws come from ``Generator.triangular``; PERT draws are
X / (X + Y) with gamma-distributed X and Y.

``ratios_loop``/``simulate_loop`` compute the same numbers one draw at a
time in plain Python; they exist as a readable reference for tests and the
benchmark and are far too slow for production use.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from .sroi import (
    CASE_DOMAINS,
    OUTCOME_DOMAINS,
    Domain,
    ErrorCode,
    ImpactInputError,
    Number,
    SroiInput,
    check_number,
    validate_case,
)

__all__ = [
    "DISTRIBUTIONS",
    "MAX_DRAWS",
    "UNCERTAIN_PARAMETERS",
    "Histogram",
    "MonteCarloResult",
    "Uncertainty",
    "ratios_loop",
    "ratios_vectorised",
    "sample_inputs",
    "simulate",
    "simulate_loop",
]

MAX_DRAWS = 1_000_000
DISTRIBUTIONS = ("triangular", "pert")
UNCERTAIN_OUTCOME_PARAMETERS = (
    "quantity",
    "proxy_value_nok",
    "deadweight",
    "displacement",
    "attribution",
    "drop_off",
)
UNCERTAIN_CASE_PARAMETERS = ("discount_rate", "investment_nok")
UNCERTAIN_PARAMETERS = UNCERTAIN_OUTCOME_PARAMETERS + UNCERTAIN_CASE_PARAMETERS

_DRAWS = Domain(1, MAX_DRAWS, integer=True)
_SEED = Domain(0, 2**128, integer=True)
_BINS = Domain(1, 1000, integer=True)

#: (parameter, outcome index or None for case-level parameters) → draws.
SampleKey = tuple[str, int | None]
Samples = Mapping[SampleKey, np.ndarray]


@dataclass(frozen=True, slots=True)
class Uncertainty:
    """
    A three-point range for one input, in that input's own units.

    ``outcome`` is the outcome's index for per-outcome parameters and must be
    ``None`` for ``discount_rate`` and ``investment_nok``. low = mode = high is
    allowed and pins the input to that value.
    """

    parameter: str
    low: Number
    mode: Number
    high: Number
    outcome: int | None = None
    distribution: str = "triangular"


@dataclass(frozen=True, slots=True)
class Histogram:
    """``counts[k]`` draws fell in [edges[k], edges[k + 1]) (last bin closed)."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class MonteCarloResult:
    """Summary statistics of the simulated SROI ratio; nothing is rounded."""

    draws: int
    seed: int
    mean: float
    std: float
    p5: float
    p50: float
    p95: float
    probability_below_one: float
    histogram: Histogram
    ratios: np.ndarray = field(repr=False, compare=False)


# --- validation and sampling ----------------------------------------------------


def _domain(parameter: str) -> Domain:
    return OUTCOME_DOMAINS.get(parameter) or CASE_DOMAINS[parameter]


def _validate_uncertainty(item: object, prefix: str, outcome_count: int) -> Uncertainty:
    if not isinstance(item, Uncertainty):
        raise ImpactInputError(prefix, ErrorCode.WRONG_TYPE, "Must be an Uncertainty.")
    if item.parameter not in UNCERTAIN_PARAMETERS:
        raise ImpactInputError(
            f"{prefix}.parameter",
            ErrorCode.INVALID_CHOICE,
            f"Unknown parameter; expected one of: {', '.join(UNCERTAIN_PARAMETERS)}.",
        )
    if item.distribution not in DISTRIBUTIONS:
        raise ImpactInputError(
            f"{prefix}.distribution",
            ErrorCode.INVALID_CHOICE,
            f"Unknown distribution; expected one of: {', '.join(DISTRIBUTIONS)}.",
        )
    outcome_field = f"{prefix}.outcome"
    if item.parameter in UNCERTAIN_CASE_PARAMETERS:
        if item.outcome is not None:
            raise ImpactInputError(outcome_field, ErrorCode.INVALID_CHOICE, "Must be empty for a case-level parameter.")
    else:
        check_number(item.outcome, outcome_field, Domain(0, outcome_count - 1, integer=True))
    domain = _domain(item.parameter)
    low, mode, high = (
        float(check_number(getattr(item, name), f"{prefix}.{name}", domain)) for name in ("low", "mode", "high")
    )
    if not low <= mode <= high:
        raise ImpactInputError(prefix, ErrorCode.INVALID_RANGE, "Must satisfy low ≤ mode ≤ high.")
    return Uncertainty(item.parameter, low, mode, high, item.outcome, item.distribution)


def validate_uncertainties(case: SroiInput, uncertainties: Sequence[Uncertainty]) -> tuple[Uncertainty, ...]:
    """Check each range against its parameter's domain; refuse duplicates."""
    seen: set[SampleKey] = set()
    checked = []
    for index, item in enumerate(uncertainties):
        prefix = f"uncertainties[{index}]"
        valid = _validate_uncertainty(item, prefix, len(case.outcomes))
        key = (valid.parameter, valid.outcome)
        if key in seen:
            raise ImpactInputError(
                prefix, ErrorCode.INVALID_CHOICE, "This parameter already has a range for that outcome."
            )
        seen.add(key)
        checked.append(valid)
    return tuple(checked)


def _triangular(rng: np.random.Generator, low: float, mode: float, high: float, draws: int) -> np.ndarray:
    return rng.triangular(low, mode, high, size=draws)  # needs low < high; degenerate ranges never get here


def _pert(rng: np.random.Generator, low: float, mode: float, high: float, draws: int) -> np.ndarray:
    """
    Beta-PERT via two gamma variates: X / (X + Y) ~ Beta(α, β).

    Same distribution as ``Generator.beta``, but ``standard_gamma`` releases
    the GIL, so ranges sampled in parallel threads really run in parallel.
    """
    width = high - low
    alpha = 1.0 + 4.0 * (mode - low) / width
    beta = 1.0 + 4.0 * (high - mode) / width
    values = rng.standard_gamma(alpha, size=draws)
    total = rng.standard_gamma(beta, size=draws)
    total += values
    values /= total
    values *= width
    values += low
    return np.clip(values, low, high, out=values)


def _draw(item: Uncertainty, rng: np.random.Generator, draws: int) -> np.ndarray:
    if item.low == item.high:
        return np.full(draws, float(item.low))
    sampler = _triangular if item.distribution == "triangular" else _pert
    return sampler(rng, float(item.low), float(item.mode), float(item.high), draws)


def sample_inputs(
    uncertainties: Sequence[Uncertainty], *, draws: int, seed: int, workers: int | None = None
) -> dict[SampleKey, np.ndarray]:
    """
    Draw ``draws`` values for each (already validated) uncertainty.

    ``numpy.random.default_rng(seed).spawn(n)`` gives the k-th range its own
    child generator, so the draws depend only on the seed and the range's
    position in the list: the same inputs always give the same samples, for
    any number of worker threads, and appending a range leaves the draws of
    the earlier ones unchanged (common random numbers when comparing
    scenarios). Degenerate ranges (low = high) become constant arrays.
    """
    generators = np.random.default_rng(seed).spawn(len(uncertainties))

    def draw(index: int) -> np.ndarray:
        return _draw(uncertainties[index], generators[index], draws)

    arrays = _map(draw, range(len(uncertainties)), workers)
    return {(item.parameter, item.outcome): values for item, values in zip(uncertainties, arrays, strict=True)}


def _map(function, items, workers: int | None) -> list:
    """``map`` over a thread pool; numpy releases the GIL inside array operations."""
    items = list(items)
    workers = min(workers or os.cpu_count() or 1, len(items))
    if workers <= 1:
        return [function(item) for item in items]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(function, items))


# --- evaluation -----------------------------------------------------------------

#: Draws are evaluated in blocks of about this many (outcome × draw) cells,
#: small enough for the working arrays to stay in the CPU cache.
_BLOCK_CELLS = 1 << 18


class _VectorisedCase:
    """
    A validated case prepared for block-wise evaluation.

    Outcomes are reordered by start year so that outcomes sharing a
    discount exponent form contiguous rows.
    """

    def __init__(self, case: SroiInput, samples: Samples) -> None:
        starts = np.array([outcome.start_year for outcome in case.outcomes])
        order = np.argsort(starts, kind="stable")
        row_of = np.empty_like(order)
        row_of[order] = np.arange(order.size)
        self.rows = order.size
        self.base = {
            name: np.array([float(getattr(case.outcomes[i], name)) for i in order])[:, None]
            for name in UNCERTAIN_OUTCOME_PARAMETERS
        }
        self.varied: dict[str, dict[int, np.ndarray]] = {name: {} for name in UNCERTAIN_OUTCOME_PARAMETERS}
        for (parameter, index), values in samples.items():
            if index is not None:
                self.varied[parameter][int(row_of[index])] = values
        durations = np.array([case.outcomes[i].duration_years for i in order])
        self.active = [(offset < durations).astype(float)[:, None] for offset in range(int(durations.max()))]
        shift = 0 if case.discount_first_year else 1
        exponents = starts[order] - shift
        self.groups = [
            (
                int(exponent),
                int(np.searchsorted(exponents, exponent)),
                int(np.searchsorted(exponents, exponent, "right")),
            )
            for exponent in np.unique(exponents)
        ]
        self.rate = samples.get(("discount_rate", None), float(case.discount_rate))
        self.investment = samples.get(("investment_nok", None), float(case.investment_nok))

    def _values(self, name: str, start: int, stop: int) -> np.ndarray:
        if not self.varied[name]:
            return self.base[name]
        matrix = np.empty((self.rows, stop - start))
        matrix[:] = self.base[name]
        for row, values in self.varied[name].items():
            matrix[row] = values[start:stop]
        return matrix

    def _slice(self, value, start: int, stop: int):
        return value[start:stop] if isinstance(value, np.ndarray) else value

    def ratios(self, start: int, stop: int) -> np.ndarray:
        def values(name: str) -> np.ndarray:
            return self._values(name, start, stop)

        impact = values("quantity") * values("proxy_value_nok")
        for share in ("deadweight", "displacement", "attribution"):
            impact = impact * (1.0 - values(share))
        growth = 1.0 + self._slice(self.rate, start, stop)
        per_year = (1.0 - values("drop_off")) / growth
        # Horner's scheme for Σ_{k < duration} per_year^k, row by row.
        series = np.zeros(np.broadcast_shapes(np.shape(per_year), (self.rows, 1)))
        for active in reversed(self.active):
            series *= per_year
            series += active
        weighted = impact * series
        present_value = sum(
            weighted[first:last].sum(axis=0) * growth**-exponent for exponent, first, last in self.groups
        )
        ratio = present_value / self._slice(self.investment, start, stop)
        return np.broadcast_to(ratio, (stop - start,))


def ratios_vectorised(case: SroiInput, samples: Samples, draws: int, *, workers: int | None = None) -> np.ndarray:
    """
    SROI ratio of every draw, computed on whole arrays (see module docstring).

    Draws are processed in cache-sized blocks, spread over ``workers``
    threads (default: one per CPU); the result does not depend on either.
    """
    prepared = _VectorisedCase(validate_case(case), samples)
    block = max(1, _BLOCK_CELLS // prepared.rows)
    ratios = np.empty(draws)

    def evaluate(start: int) -> None:
        stop = min(start + block, draws)
        ratios[start:stop] = prepared.ratios(start, stop)

    _map(evaluate, range(0, draws, block), workers)
    return ratios


def ratios_loop(case: SroiInput, samples: Samples, draws: int) -> np.ndarray:
    """
    Reference implementation: one draw at a time, year by year, in plain Python.

    Follows the Guide's steps literally (deduct drop-off each year, discount
    each year) so it checks the closed-form sum of ``ratios_vectorised``.
    """
    case = validate_case(case)
    drawn = {key: values.tolist() for key, values in samples.items()}
    ratios = []
    for draw in range(draws):

        def value(parameter: str, index: int | None, default: float, draw: int = draw) -> float:
            column = drawn.get((parameter, index))
            return default if column is None else column[draw]

        rate = value("discount_rate", None, float(case.discount_rate))
        total = 0.0
        for index, outcome in enumerate(case.outcomes):
            impact = value("quantity", index, outcome.quantity) * value(
                "proxy_value_nok", index, outcome.proxy_value_nok
            )
            for share in ("deadweight", "displacement", "attribution"):
                impact *= 1.0 - value(share, index, getattr(outcome, share))
            retention = 1.0 - value("drop_off", index, outcome.drop_off)
            for offset in range(outcome.duration_years):
                if offset:
                    impact *= retention
                year = outcome.start_year + offset
                exponent = year if case.discount_first_year else year - 1
                total += impact / (1.0 + rate) ** exponent
        ratios.append(total / value("investment_nok", None, float(case.investment_nok)))
    return np.array(ratios)


def summarise(ratios: np.ndarray, *, seed: int, bins: int = 30) -> MonteCarloResult:
    """Mean, spread, P5/P50/P95, P(ratio < 1) and a histogram of ``ratios``."""
    p5, p50, p95 = np.percentile(ratios, [5, 50, 95])
    counts, edges = np.histogram(ratios, bins=bins)
    return MonteCarloResult(
        draws=int(ratios.size),
        seed=seed,
        mean=float(ratios.mean()),
        std=float(ratios.std()),
        p5=float(p5),
        p50=float(p50),
        p95=float(p95),
        probability_below_one=float(np.count_nonzero(ratios < 1.0) / ratios.size),
        histogram=Histogram(tuple(edges.tolist()), tuple(counts.tolist())),
        ratios=ratios,
    )


def _prepare(case, uncertainties, draws, seed, bins, workers):
    case = validate_case(case)
    checked = validate_uncertainties(case, uncertainties)
    draws = int(check_number(draws, "draws", _DRAWS))
    seed = int(check_number(seed, "seed", _SEED))
    check_number(bins, "bins", _BINS)
    return case, sample_inputs(checked, draws=draws, seed=seed, workers=workers), draws, seed


def simulate(
    case: SroiInput,
    uncertainties: Sequence[Uncertainty],
    *,
    draws: int = 10_000,
    seed: int,
    bins: int = 30,
    workers: int | None = None,
) -> MonteCarloResult:
    """
    Simulate the SROI ratio ``draws`` times; same seed and ranges, same result.

    ``workers`` caps the threads used (default: one per CPU); it changes
    speed only, never the numbers.
    """
    case, samples, draws, seed = _prepare(case, uncertainties, draws, seed, bins, workers)
    return summarise(ratios_vectorised(case, samples, draws, workers=workers), seed=seed, bins=bins)


def simulate_loop(
    case: SroiInput,
    uncertainties: Sequence[Uncertainty],
    *,
    draws: int = 10_000,
    seed: int,
    bins: int = 30,
) -> MonteCarloResult:
    """``simulate`` evaluated with ``ratios_loop``; for tests and benchmarks only."""
    case, samples, draws, seed = _prepare(case, uncertainties, draws, seed, bins, workers=None)
    return summarise(ratios_loop(case, samples, draws), seed=seed, bins=bins)
