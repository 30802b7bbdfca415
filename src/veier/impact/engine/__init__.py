"""
Pure-Python impact calculations: SROI, sensitivity, Monte Carlo,
cost-benefit analysis and outcome-contract settlement.

No Django imports here or in any submodule, so the engine can be tested and
benchmarked on its own. Every function validates its input and raises
``ImpactInputError(field, code, message)``; ``ErrorCode`` lists the codes.
"""

from .cba import (
    R109_DISTANT_RATE,
    R109_FAR_RATE,
    R109_FAR_YEARS,
    R109_NEAR_RATE,
    R109_NEAR_YEARS,
    R109_TAX_FINANCING_RATE,
    CbaResult,
    cost_benefit,
    present_value,
)
from .cba import discount_factor as cba_discount_factor
from .display import format_months, format_nok, format_number, format_percent, format_ratio, round_half_up
from .montecarlo import Histogram, MonteCarloResult, Uncertainty, simulate, simulate_loop
from .outcome_contract import ContractSettlement, OutcomeContract, PeriodSettlement, settle_contract
from .sensitivity import (
    BreakEven,
    SensitivityRange,
    Tornado,
    TornadoBar,
    break_even,
    break_evens,
    one_at_a_time,
    standard_ranges,
)
from .sroi import (
    DEFAULT_DISCOUNT_RATE,
    ErrorCode,
    ImpactInputError,
    Level,
    Outcome,
    OutcomeResult,
    SroiInput,
    SroiResult,
    YearValue,
    calculate_sroi,
    discount_factor,
    validate_case,
)

__all__ = [
    "DEFAULT_DISCOUNT_RATE",
    "R109_DISTANT_RATE",
    "R109_FAR_RATE",
    "R109_FAR_YEARS",
    "R109_NEAR_RATE",
    "R109_NEAR_YEARS",
    "R109_TAX_FINANCING_RATE",
    "BreakEven",
    "CbaResult",
    "ContractSettlement",
    "ErrorCode",
    "Histogram",
    "ImpactInputError",
    "Level",
    "MonteCarloResult",
    "Outcome",
    "OutcomeContract",
    "OutcomeResult",
    "PeriodSettlement",
    "SensitivityRange",
    "SroiInput",
    "SroiResult",
    "Tornado",
    "TornadoBar",
    "Uncertainty",
    "YearValue",
    "break_even",
    "break_evens",
    "calculate_sroi",
    "cba_discount_factor",
    "cost_benefit",
    "discount_factor",
    "format_months",
    "format_nok",
    "format_number",
    "format_percent",
    "format_ratio",
    "one_at_a_time",
    "present_value",
    "round_half_up",
    "settle_contract",
    "simulate",
    "simulate_loop",
    "standard_ranges",
    "validate_case",
]
