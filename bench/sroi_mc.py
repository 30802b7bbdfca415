"""
Benchmark: vectorised Monte Carlo SROI against the plain-Python reference loop.

100 000 draws over 50 outcomes lasting up to 10 years, with ranges on the
proxy, deadweight, attribution and drop-off of every outcome plus the
discount rate and the investment (202 uncertain inputs). The loop runs on a
smaller number of the same draws and is extrapolated linearly.

Run from the project root: .venv/bin/python bench/sroi_mc.py
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from veier.impact.engine import Level, Outcome, SroiInput, Uncertainty, simulate  # noqa: E402
from veier.impact.engine.montecarlo import (  # noqa: E402
    ratios_loop,
    ratios_vectorised,
    sample_inputs,
    validate_uncertainties,
)

OUTCOMES = 50
YEARS = 10


def build_case() -> tuple[SroiInput, list[Uncertainty]]:
    levels = list(Level)
    outcomes = [
        Outcome(
            stakeholder=f"stakeholder {i % 7}",
            level=levels[i % 4],
            quantity=10 + i,
            proxy_value_nok=5_000 + 250 * i,
            deadweight=0.2,
            displacement=0.05,
            attribution=0.25,
            drop_off=0.15,
            start_year=1 + i % 3,
            duration_years=YEARS - i % 3,  # every outcome ends by year 10
        )
        for i in range(OUTCOMES)
    ]
    # Present value ≈ 46 M at the modes: a ratio near 1.2, so P(ratio < 1) is not trivially 0.
    case = SroiInput(outcomes, investment_nok=38_000_000, discount_rate=0.04)
    ranges = []
    for i, outcome in enumerate(outcomes):
        proxy = outcome.proxy_value_nok
        ranges += [
            Uncertainty("proxy_value_nok", 0.6 * proxy, proxy, 1.5 * proxy, outcome=i, distribution="pert"),
            Uncertainty("deadweight", 0.05, 0.2, 0.5, outcome=i),
            Uncertainty("attribution", 0.1, 0.25, 0.4, outcome=i),
            Uncertainty("drop_off", 0.05, 0.15, 0.4, outcome=i, distribution="pert"),
        ]
    ranges += [
        Uncertainty("discount_rate", 0.02, 0.04, 0.06),
        Uncertainty("investment_nok", 34_000_000, 38_000_000, 48_000_000, distribution="pert"),
    ]
    return case, ranges


def best_of(repeats: int, function):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--draws", type=int, default=100_000)
    parser.add_argument("--loop-draws", type=int, default=1_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    case, ranges = build_case()
    print(f"{OUTCOMES} outcomes × {YEARS} years, {len(ranges)} uncertain inputs, {args.draws:,} draws")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"numpy {np.__version__}, {os.cpu_count()} CPUs, load average before the run: {load}")

    total, result = best_of(args.repeats, lambda: simulate(case, ranges, draws=args.draws, seed=2024))
    checked = validate_uncertainties(case, ranges)
    sampling, samples = best_of(args.repeats, lambda: sample_inputs(checked, draws=args.draws, seed=2024))
    kernel, _ = best_of(args.repeats, lambda: ratios_vectorised(case, samples, args.draws))
    print(
        f"vectorised simulate(): {total:.3f} s (best of {args.repeats}; sampling {sampling:.3f} s, "
        f"evaluation {kernel:.3f} s)"
    )
    print(
        f"  ratio mean {result.mean:.4f}, P5 {result.p5:.4f}, P50 {result.p50:.4f}, P95 {result.p95:.4f}, "
        f"P(ratio < 1) {result.probability_below_one:.4f}"
    )

    loop_samples = {key: values[: args.loop_draws] for key, values in samples.items()}
    start = time.perf_counter()
    slow = ratios_loop(case, loop_samples, args.loop_draws)
    loop_time = time.perf_counter() - start
    fast = ratios_vectorised(case, loop_samples, args.loop_draws)
    extrapolated = loop_time * args.draws / args.loop_draws
    print(
        f"plain Python loop: {loop_time:.3f} s for {args.loop_draws:,} of the same draws; "
        f"extrapolated to {args.draws:,} draws: {extrapolated:.1f} s"
    )
    print(f"  max relative difference loop vs vectorised: {np.max(np.abs(slow / fast - 1)):.1e}")
    print(
        f"speed-up (extrapolated loop / vectorised evaluation): {extrapolated / kernel:.0f}×; "
        f"vs whole simulate(): {extrapolated / total:.0f}×"
    )

    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"peak resident memory: {peak_kib / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
