"""API routes for impact measurement (SROI).

``POST /impact/sroi`` is public and stateless: it runs the engine on the case in the request body and keeps
nothing. The body is parsed here rather than by django-ninja, so that every kind of bad input (malformed JSON,
a wrong type, a share outside [0, 1], NaN, which Python's JSON parser accepts as a literal) gives the same
422 answer naming the field, in the engine's own terms, and never a 500 or ninja's 400 for unparsable bodies.
The pydantic schemas below describe the contract in the OpenAPI document; they do not validate.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Literal

from django.db import transaction
from django.http import Http404
from ninja import Field, Router, Schema
from ninja.responses import Status
from ninja.security import django_auth

from veier.impact.engine import (
    ImpactInputError,
    Level,
    Outcome,
    SroiInput,
    Uncertainty,
    calculate_sroi,
    simulate,
)
from veier.impact.engine.cba import cost_benefit
from veier.impact.engine.montecarlo import UNCERTAIN_CASE_PARAMETERS, UNCERTAIN_OUTCOME_PARAMETERS
from veier.impact.engine.outcome_contract import OutcomeContract, settle_contract
from veier.ops.throttling import calculation_throttle

router = Router(tags=["impact"])

#: A public endpoint must not let one request occupy a core for long; 100 000 draws take well under a second.
MAX_API_DRAWS = 100_000
DEFAULT_DRAWS = 10_000
DEFAULT_SEED = 0
HISTOGRAM_BINS = 30

OUTCOME_DEFAULTS: dict[str, Any] = {
    "name": "", "deadweight": 0.0, "displacement": 0.0, "attribution": 0.0, "drop_off": 0.0,
    "duration_years": 1, "start_year": 1,
}
OUTCOME_FIELDS = ("name", "stakeholder", "level", "quantity", "proxy_value_nok", "deadweight", "displacement",
                  "attribution", "drop_off", "duration_years", "start_year")
CASE_FIELDS = ("investment_nok", "discount_rate", "discount_first_year", "outcomes", "monte_carlo")
RANGE_FIELDS = ("low", "mode", "high", "distribution")
RANGE_KEY = re.compile(r"^outcomes\[(\d+)\]\.([a-z_]+)$")


# --- the contract, for the OpenAPI document -------------------------------------------------------------------


class OutcomeIn(Schema):
    name: str = ""
    stakeholder: str
    level: Literal["citizen", "municipality", "state", "society"]
    quantity: float = Field(ge=0)
    proxy_value_nok: float = Field(ge=0, description="Financial proxy per unit per year, NOK")
    deadweight: float = Field(0.0, ge=0, le=1)
    displacement: float = Field(0.0, ge=0, le=1)
    attribution: float = Field(0.0, ge=0, le=1)
    drop_off: float = Field(0.0, ge=0, le=1, description="Share lost each year from the outcome's second year")
    duration_years: int = Field(1, ge=1, le=100)
    start_year: int = Field(1, ge=1, le=100)


class RangeIn(Schema):
    low: float
    mode: float
    high: float
    distribution: Literal["triangular", "pert"] = "triangular"


class MonteCarloIn(Schema):
    draws: int = Field(DEFAULT_DRAWS, ge=1, le=MAX_API_DRAWS)
    seed: int = Field(DEFAULT_SEED, ge=0)
    ranges: dict[str, RangeIn] = Field(
        description='Keys are "investment_nok", "discount_rate" or "outcomes[i].<parameter>" for quantity, '
        "proxy_value_nok, deadweight, displacement, attribution or drop_off of outcome i (0-based)."
    )


class SroiIn(Schema):
    investment_nok: float = Field(gt=0, description="Total value of the inputs, NOK")
    discount_rate: float = Field(0.04, ge=0, lt=1, description="Real rate; R-109's 4 % by default")
    discount_first_year: bool = Field(True, description="True: year 1 is divided by (1 + r), as in the value map")
    outcomes: list[OutcomeIn] = Field(min_length=1)
    monte_carlo: MonteCarloIn | None = None


class YearOut(Schema):
    year: int
    value: float
    discount_factor: float
    present_value: float


class OutcomeOut(Schema):
    index: int
    name: str
    stakeholder: str
    level: str
    first_year_impact: float
    values: list[float]
    present_value: float


class HistogramOut(Schema):
    edges: list[float]
    counts: list[int]


class MonteCarloOut(Schema):
    draws: int
    seed: int
    mean: float
    std: float
    p5: float
    p50: float
    p95: float
    probability_below_one: float
    histogram: HistogramOut


class SroiOut(Schema):
    present_value: float
    net_present_value: float
    sroi_ratio: float = Field(description="Unrounded; round only for display")
    net_ratio: float
    payback_months: float | None
    discounted_payback_months: float | None
    years: list[YearOut]
    outcomes: list[OutcomeOut]
    by_level: dict[str, float]
    by_stakeholder: dict[str, float]
    monte_carlo: MonteCarloOut | None


class InputErrorOut(Schema):
    field: str
    code: str
    message: str


class InputErrorsOut(Schema):
    detail: list[InputErrorOut]


def _inline_refs(schema: dict) -> dict:
    """Pydantic's JSON schema with its ``$defs`` inlined, so it can sit inside an OpenAPI operation."""
    definitions = schema.pop("$defs", {})

    def resolve(node):
        if isinstance(node, dict):
            if "$ref" in node:
                return resolve(dict(definitions[node["$ref"].rsplit("/", 1)[-1]]))
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    return resolve(schema)


REQUEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": _inline_refs(SroiIn.model_json_schema())}},
    }
}


# --- parsing ------------------------------------------------------------------------------------------------


def _require_object(value: object, field: str) -> dict:
    if not isinstance(value, dict):
        raise ImpactInputError(field, "wrong_type", "Must be an object.")
    return value


def _refuse_unknown(data: dict, allowed: tuple[str, ...], prefix: str) -> None:
    """A misspelt key would otherwise fall back to a default silently (``deadwieght`` → no deadweight)."""
    for key in data:
        if key not in allowed:
            field = f"{prefix}.{key}" if prefix else str(key)
            raise ImpactInputError(field, "unknown_field", f"Unknown field; expected one of: {', '.join(allowed)}.")


def parse_case(data: object) -> SroiInput:
    """Turn the decoded JSON body into an ``SroiInput``; the engine checks the values themselves."""
    data = _require_object(data, "body")
    _refuse_unknown(data, CASE_FIELDS, "")
    outcomes = data.get("outcomes")
    if outcomes is not None and not isinstance(outcomes, list):
        raise ImpactInputError("outcomes", "wrong_type", "Must be a list of outcomes.")
    parsed = []
    for index, item in enumerate(outcomes or []):
        prefix = f"outcomes[{index}]"
        item = _require_object(item, prefix)
        _refuse_unknown(item, OUTCOME_FIELDS, prefix)
        values = {**OUTCOME_DEFAULTS, **item}
        parsed.append(Outcome(**{name: values.get(name) for name in OUTCOME_FIELDS}))
    return SroiInput(
        outcomes=parsed,
        investment_nok=data.get("investment_nok"),
        discount_rate=data.get("discount_rate", 0.04),
        discount_first_year=data.get("discount_first_year", True),
    )


def _whole_number(value: object, field: str, low: int, high: int | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ImpactInputError(field, "wrong_type", "Must be a whole number.")
    if value < low or (high is not None and value > high):
        raise ImpactInputError(field, "out_of_range", f"Must be within [{low}, {high if high else '∞'}].")
    return value


def parse_monte_carlo(data: object, outcome_count: int) -> tuple[list[Uncertainty], list[str], int, int] | None:
    """The optional ``monte_carlo`` block as engine ranges, with the request key each range came from."""
    if data is None:
        return None
    data = _require_object(data, "monte_carlo")
    _refuse_unknown(data, ("draws", "seed", "ranges"), "monte_carlo")
    draws = _whole_number(data.get("draws", DEFAULT_DRAWS), "monte_carlo.draws", 1, MAX_API_DRAWS)
    seed = _whole_number(data.get("seed", DEFAULT_SEED), "monte_carlo.seed", 0, 2**64)
    ranges = _require_object(data.get("ranges", {}), "monte_carlo.ranges")
    uncertainties, keys = [], []
    for key, spec in ranges.items():
        prefix = f"monte_carlo.ranges.{key}"
        spec = _require_object(spec, prefix)
        _refuse_unknown(spec, RANGE_FIELDS, prefix)
        match = RANGE_KEY.match(key)
        if key in UNCERTAIN_CASE_PARAMETERS:
            parameter, outcome = key, None
        elif match and match.group(2) in UNCERTAIN_OUTCOME_PARAMETERS:
            parameter, outcome = match.group(2), int(match.group(1))
            if outcome >= outcome_count:
                raise ImpactInputError(prefix, "out_of_range", "There is no outcome with this index.")
        else:
            raise ImpactInputError(prefix, "invalid_choice", "Unknown parameter for a range.")
        uncertainties.append(Uncertainty(parameter, spec.get("low"), spec.get("mode"), spec.get("high"), outcome,
                                         spec.get("distribution", "triangular")))
        keys.append(prefix)
    return uncertainties, keys, draws, seed


def _run_simulation(case: SroiInput, monte_carlo) -> dict | None:
    if monte_carlo is None:
        return None
    uncertainties, keys, draws, seed = monte_carlo
    try:
        result = simulate(case, uncertainties, draws=draws, seed=seed, bins=HISTOGRAM_BINS)
    except ImpactInputError as error:
        # The engine names ranges by position ("uncertainties[1].low"); answer in the request's own keys.
        match = re.match(r"^uncertainties\[(\d+)\](.*)$", error.field)
        if match:
            raise ImpactInputError(keys[int(match.group(1))] + match.group(2), error.code, error.message) from None
        raise
    return {
        "draws": result.draws, "seed": result.seed, "mean": result.mean, "std": result.std,
        "p5": result.p5, "p50": result.p50, "p95": result.p95,
        "probability_below_one": result.probability_below_one,
        "histogram": {"edges": list(result.histogram.edges), "counts": list(result.histogram.counts)},
    }


def sroi_response(case: SroiInput, monte_carlo=None) -> dict:
    """The API's answer for a case; also used for saved analyses."""
    result = calculate_sroi(case)
    return {
        "present_value": result.total_present_value_nok,
        "net_present_value": result.net_present_value_nok,
        "sroi_ratio": result.ratio,
        "net_ratio": result.net_ratio,
        "payback_months": result.payback_months,
        "discounted_payback_months": result.discounted_payback_months,
        "years": [
            {"year": y.year, "value": y.value_nok, "discount_factor": y.discount_factor,
             "present_value": y.present_value_nok}
            for y in result.years
        ],
        "outcomes": [
            {"index": o.index, "name": o.name, "stakeholder": o.stakeholder, "level": o.level.value,
             "first_year_impact": o.first_year_impact_nok, "values": list(o.values_nok),
             "present_value": o.present_value_nok}
            for o in result.outcomes
        ],
        "by_level": {Level(level).value: value for level, value in result.by_level.items()},
        "by_stakeholder": dict(result.by_stakeholder),
        "monte_carlo": _run_simulation(case, monte_carlo),
    }


def _error(field: str, code: str, message: str):
    return Status(422, {"detail": [{"field": field, "code": code, "message": message}]})


@router.post(
    "/impact/sroi", response={200: SroiOut, 422: InputErrorsOut}, summary="Calculate an SROI ratio",
    description="Stateless: nothing is stored. Ratios are unrounded. Bad input gives 422 naming the field.",
    openapi_extra=REQUEST_BODY, auth=None, throttle=calculation_throttle,
)
def sroi(request):
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, RecursionError) as error:
        return _error("body", "invalid_json", f"The body is not valid JSON: {error}")
    try:
        case = parse_case(data)
        monte_carlo = parse_monte_carlo(data.get("monte_carlo"), len(case.outcomes))
        answer = sroi_response(case, monte_carlo)
    except ImpactInputError as error:
        return _error(error.field, error.code, error.message)
    except TypeError as error:
        # e.g. a list where a text was expected reaching a comparison in the engine.
        return _error("body", "wrong_type", str(error))
    if not all(math.isfinite(v) for v in (answer["present_value"], answer["sroi_ratio"])):
        return _error("body", "out_of_range", "The inputs are too large to calculate with.")
    return answer


# --- saved analyses (authenticated) ----------------------------------------------------------------------------


class AnalysisSummaryOut(Schema):
    id: int
    title: str
    organisation: str
    collaboration_id: int | None
    investment_nok: float
    discount_rate: float
    discount_first_year: bool
    url: str


class AnalysisOut(AnalysisSummaryOut):
    outcomes: list[OutcomeIn]
    result: SroiOut | None


class AnalysisIn(Schema):
    organisation: str = Field(description="The owning organisation's address (slug); you must be a member")
    title: str = Field(min_length=1, max_length=200)
    collaboration_id: int | None = None
    investment_nok: float = Field(gt=0)
    discount_rate: float = Field(0.04, ge=0, lt=1)
    discount_first_year: bool = True
    outcomes: list[OutcomeIn] = []


def _analysis_out(request, analysis, *, full: bool) -> dict:
    from django.urls import reverse

    data = {
        "id": analysis.pk, "title": analysis.title, "organisation": analysis.organisation.slug,
        "collaboration_id": analysis.collaboration_id, "investment_nok": float(analysis.investment_nok),
        "discount_rate": float(analysis.discount_rate), "discount_first_year": analysis.discount_first_year,
        "url": request.build_absolute_uri(reverse("impact:detail", args=[analysis.pk])),
    }
    if full:
        outcomes = list(analysis.outcomes.all())
        data["outcomes"] = [
            {name: (float(getattr(o, name)) if name in ("quantity", "proxy_value_nok", "deadweight", "displacement",
                                                         "attribution", "drop_off") else getattr(o, name))
             for name in OUTCOME_FIELDS}
            for o in outcomes
        ]
        data["result"] = sroi_response(analysis.as_engine_input(outcomes)) if outcomes else None
    return data


@router.get("/impact/analyses", response=list[AnalysisSummaryOut], auth=django_auth,
            summary="Your saved impact analyses")
def list_analyses(request):
    from veier.impact import selectors

    return [_analysis_out(request, analysis, full=False) for analysis in selectors.analyses_for(request.user)]


@router.get("/impact/analyses/{analysis_id}", response=AnalysisOut, auth=django_auth,
            summary="One saved analysis with its outcomes and SROI result")
def get_analysis(request, analysis_id: int):
    from veier.impact import selectors

    analysis = selectors.analysis_for(request.user, analysis_id)
    if analysis is None:
        raise Http404("Unknown analysis")
    return _analysis_out(request, analysis, full=True)


@router.post("/impact/analyses", response={201: AnalysisOut, 422: InputErrorsOut}, auth=django_auth,
             summary="Save an analysis with its outcomes")
def create_analysis(request, payload: AnalysisIn):
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    from veier.impact import selectors, services
    from veier.impact.models import Outcome as OutcomeRow
    from veier.organisations.models import Organisation

    organisation = Organisation.objects.filter(slug=payload.organisation, memberships__user=request.user).first()
    if organisation is None:
        return _error("organisation", "invalid_choice", "You are not a member of this organisation.")
    collaboration = None
    if payload.collaboration_id is not None:
        collaboration = selectors.collaborations_for(request.user).filter(pk=payload.collaboration_id).first()
        if collaboration is None:
            return _error("collaboration_id", "invalid_choice", "Unknown collaboration.")
    try:
        with transaction.atomic():
            analysis = services.create_analysis(
                organisation=organisation, created_by=request.user, title=payload.title, collaboration=collaboration,
                investment_nok=Decimal(str(payload.investment_nok)), discount_rate=Decimal(str(payload.discount_rate)),
                discount_first_year=payload.discount_first_year,
            )
            for outcome in payload.outcomes:
                values = outcome.dict()
                for name in ("quantity", "proxy_value_nok", "deadweight", "displacement", "attribution", "drop_off"):
                    values[name] = Decimal(str(values[name]))
                services.save_outcome(OutcomeRow(analysis=analysis), **values)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        return _error(field, "invalid", " ".join(messages))
    return Status(201, _analysis_out(request, analysis, full=True))


# --- cost-benefit and outcome contracts: stateless calculators ---------------------------------------


class CostBenefitOut(Schema):
    present_value_benefits: float
    present_value_costs: float
    present_value_budget_cost: float
    tax_financing_cost: float
    net_present_value: float
    npv_per_budget_krone: float | None
    discount_factors: list[float]


class PeriodOut(Schema):
    period: int
    measured_units: float
    earned: float
    payment: float
    unpaid_over_cap: float
    cap: str
    to_investor_capital: float
    to_investor_return: float
    residual: float
    risk: str


class ContractOut(Schema):
    periods: list[PeriodOut]
    total_payment: float
    unpaid_over_cap: float
    investor_capital_repaid: float
    investor_return: float
    investor_loss: float
    residual: float
    risk: str


def _json_object(request) -> dict:
    data = json.loads(request.body or b"null")
    return _require_object(data, "body")


def _stream(data: dict, name: str, *, required: bool = True) -> list | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, list) or not value or len(value) > 200:
        raise ImpactInputError(name, "wrong_type", f"{name} must be a list of 1 to 200 yearly amounts from year 0.")
    for index, item in enumerate(value):
        if isinstance(item, bool) or not isinstance(item, int | float) or not math.isfinite(item):
            raise ImpactInputError(f"{name}[{index}]", "wrong_type", "Each amount must be a finite number.")
    return value


@router.post(
    "/impact/cost-benefit", response={200: CostBenefitOut, 422: InputErrorsOut},
    summary="Net present value by the Norwegian guidance (R-109: 4 % for years 0–40, then lower)",
    description="Body: {\"benefits\": [NOK by year from 0], \"costs\": [...], \"budget_costs\": [...] (optional, "
                "defaults to costs), \"tax_financing_rate\": 0–1 (optional, default 0)}. Stateless.",
    auth=None, throttle=calculation_throttle,
)
def cost_benefit_view(request):
    try:
        data = _json_object(request)
        _refuse_unknown(data, ("benefits", "costs", "budget_costs", "tax_financing_rate"), "")
        result = cost_benefit(
            benefits=_stream(data, "benefits"), costs=_stream(data, "costs"),
            budget_costs=_stream(data, "budget_costs", required=False),
            tax_financing_rate=data.get("tax_financing_rate", 0.0),
        )
    except ValueError as error:
        if isinstance(error, ImpactInputError):
            return _error(error.field, error.code, error.message)
        return _error("body", "invalid_json", f"The body is not valid JSON: {error}")
    return {
        "present_value_benefits": result.present_value_benefits_nok,
        "present_value_costs": result.present_value_costs_nok,
        "present_value_budget_cost": result.present_value_budget_cost_nok,
        "tax_financing_cost": result.tax_financing_cost_nok,
        "net_present_value": result.net_present_value_nok,
        "npv_per_budget_krone": result.npv_per_budget_krone,
        "discount_factors": list(result.discount_factors),
    }


@router.post(
    "/impact/outcome-contract", response={200: ContractOut, 422: InputErrorsOut},
    summary="Payments of an outcome contract (effektkontrakt) for measured outcomes, and who carries the risk",
    description="Body: {\"price_per_unit_nok\", \"investor_capital_nok\", \"max_return_rate\", \"period_cap_nok\" "
                "(optional), \"total_cap_nok\" (optional), \"measured_units\": [units per period]}. Stateless.",
    auth=None, throttle=calculation_throttle,
)
def outcome_contract_view(request):
    terms = ("price_per_unit_nok", "investor_capital_nok", "max_return_rate", "period_cap_nok", "total_cap_nok")
    try:
        data = _json_object(request)
        _refuse_unknown(data, (*terms, "measured_units"), "")
        for name in terms[:3]:
            if name not in data:
                raise ImpactInputError(name, "required", f"{name} is required.")
        contract = OutcomeContract(**{name: data.get(name) for name in terms})
        settlement = settle_contract(contract, _stream(data, "measured_units"))
    except ValueError as error:
        if isinstance(error, ImpactInputError):
            return _error(error.field, error.code, error.message)
        return _error("body", "invalid_json", f"The body is not valid JSON: {error}")
    except TypeError as error:
        return _error("body", "wrong_type", str(error))
    return {
        "periods": [{
            "period": p.period, "measured_units": float(p.measured_units), "earned": float(p.earned_nok),
            "payment": float(p.payment_nok), "unpaid_over_cap": float(p.unpaid_over_cap_nok), "cap": p.cap,
            "to_investor_capital": float(p.to_investor_capital_nok),
            "to_investor_return": float(p.to_investor_return_nok), "residual": float(p.residual_nok), "risk": p.risk,
        } for p in settlement.periods],
        "total_payment": float(settlement.total_payment_nok),
        "unpaid_over_cap": float(settlement.unpaid_over_cap_nok),
        "investor_capital_repaid": float(settlement.investor_capital_repaid_nok),
        "investor_return": float(settlement.investor_return_nok),
        "investor_loss": float(settlement.investor_loss_nok),
        "residual": float(settlement.residual_nok),
        "risk": settlement.risk,
    }
