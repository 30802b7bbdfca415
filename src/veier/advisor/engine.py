"""Rule engine of the collaboration-form advisor («Samarbeidsveiviser»).

Pure Python, no Django. Given a planned collaboration between a public body and a supplier
(typically a social entrepreneur), it decides which procurement regime applies on the decision
date, how well each of the 16 collaboration forms fits, which myths are worth correcting and
what to watch out for. Every conclusion names the rule ids (and thus sources) it rests on.

All legal numbers come from the data files in ``rules/`` (see ``rulebook.py``); this module
only holds the logic. Public API:

* ``assess(...) -> Assessment``: typed result.
* ``Assessment.to_dict(lang)`` / ``assessment_to_dict(assessment, lang)``: the JSON-able dict
  behind ``POST /api/v1/advisor/assess``.
* ``assess_payload(payload, lang=...)``: validate a raw JSON-like payload and return that dict.
* ``AdvisorInputError(field, code, message)``: the only exception raised for bad input.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from veier.advisor.render import Money, Param, render_record, render_text
from veier.advisor.rulebook import (
    BUYERS,
    FORM_CODES,
    LANGS,
    NOVELTIES,
    SUBJECTS,
    Band,
    Condition,
    Form,
    Myth,
    Regime,
    Rulebook,
    Text,
    Threshold,
    load_rulebook,
)

__all__ = [
    "BUYERS",
    "FORM_CODES",
    "LANGS",
    "NOVELTIES",
    "SUBJECTS",
    "AdvisorInputError",
    "Assessment",
    "AssessmentInput",
    "FormResult",
    "Reason",
    "RegimeResult",
    "SupplierProfile",
    "WarningItem",
    "assess",
    "assess_payload",
    "assessment_to_dict",
    "validate_input",
]


class AdvisorInputError(ValueError):
    """Bad input. ``field`` names the input field, ``code`` is a stable machine-readable reason.

    Codes: ``required``, ``invalid_type``, ``unknown_code``, ``unknown_field``, ``invalid_date``,
    ``before_coverage``, ``negative``, ``not_finite``. ``message`` is English; the Django layer
    translates by ``code``.
    """

    def __init__(self, field: str, code: str, message: str):
        self.field = field
        self.code = code
        self.message = message
        super().__init__(f"{field}: {message}")


# --------------------------------------------------------------------------- input


@dataclass(frozen=True)
class SupplierProfile:
    """What is known about the intended supplier; ``None`` means unknown."""

    nonprofit: bool | None = None
    work_integration: bool | None = None


@dataclass(frozen=True)
class AssessmentInput:
    buyer: str
    decision_date: date
    value_nok: Decimal
    subject: str
    novelty: str
    mutual_obligation: bool
    supplier: SupplierProfile
    outcome_based: bool | None = None


def _code(field: str, value: Any, allowed: tuple[str, ...]) -> str:
    if value is None:
        raise AdvisorInputError(field, "required", f"{field} is required")
    if not isinstance(value, str):
        raise AdvisorInputError(field, "invalid_type", f"{field} must be a string")
    if value not in allowed:
        raise AdvisorInputError(field, "unknown_code", f"{field} must be one of {', '.join(allowed)}")
    return value


def _bool(field: str, value: Any, *, optional: bool) -> bool | None:
    if value is None:
        if optional:
            return None
        raise AdvisorInputError(field, "required", f"{field} is required")
    if not isinstance(value, bool):
        raise AdvisorInputError(field, "invalid_type", f"{field} must be true or false")
    return value


def _decision_date(value: Any, coverage_from: date) -> date:
    if value is None:
        raise AdvisorInputError("decision_date", "required", "decision_date is required")
    if isinstance(value, datetime):
        value = value.date()
    elif isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise AdvisorInputError(
                "decision_date", "invalid_date", "decision_date must be an ISO date (YYYY-MM-DD)"
            ) from None
    elif not isinstance(value, date):
        raise AdvisorInputError("decision_date", "invalid_type", "decision_date must be a date")
    if value < coverage_from:
        raise AdvisorInputError(
            "decision_date",
            "before_coverage",
            f"decision_date before {coverage_from.isoformat()} is not covered by the rules",
        )
    return value


def _value(value: Any) -> Decimal:
    field = "value_nok"
    if value is None:
        raise AdvisorInputError(field, "required", "value_nok is required")
    if isinstance(value, bool):
        raise AdvisorInputError(field, "invalid_type", "value_nok must be a number")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise AdvisorInputError(field, "not_finite", "value_nok must be a finite number")
        amount = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            amount = Decimal(value.strip())
        except InvalidOperation:
            raise AdvisorInputError(field, "invalid_type", "value_nok must be a number") from None
    else:
        raise AdvisorInputError(field, "invalid_type", "value_nok must be a number")
    if not amount.is_finite():
        raise AdvisorInputError(field, "not_finite", "value_nok must be a finite number")
    if amount < 0:
        raise AdvisorInputError(field, "negative", "value_nok must not be negative")
    return amount + Decimal(0)  # normalises -0 to 0


def _supplier(value: Any) -> SupplierProfile:
    if value is None:
        return SupplierProfile()
    if isinstance(value, SupplierProfile):
        raw: Mapping[str, Any] = {"nonprofit": value.nonprofit, "work_integration": value.work_integration}
    elif isinstance(value, Mapping):
        raw = value
    else:
        raise AdvisorInputError("supplier", "invalid_type", "supplier must be an object")
    unknown = sorted(set(raw) - {"nonprofit", "work_integration"})
    if unknown:
        raise AdvisorInputError(
            f"supplier.{unknown[0]}", "unknown_field", f"unknown supplier field {unknown[0]}"
        )
    return SupplierProfile(
        nonprofit=_bool("supplier.nonprofit", raw.get("nonprofit"), optional=True),
        work_integration=_bool("supplier.work_integration", raw.get("work_integration"), optional=True),
    )


def validate_input(
    *,
    buyer: Any,
    decision_date: Any,
    value_nok: Any,
    subject: Any,
    novelty: Any,
    mutual_obligation: Any,
    supplier: Any = None,
    outcome_based: Any = None,
    rulebook: Rulebook | None = None,
) -> AssessmentInput:
    """Check and normalise raw input; raise AdvisorInputError naming the first bad field."""
    book = rulebook or load_rulebook()
    return AssessmentInput(
        buyer=_code("buyer", buyer, BUYERS),
        decision_date=_decision_date(decision_date, book.meta.coverage_from),
        value_nok=_value(value_nok),
        subject=_code("subject", subject, SUBJECTS),
        novelty=_code("novelty", novelty, NOVELTIES),
        mutual_obligation=bool(_bool("mutual_obligation", mutual_obligation, optional=False)),
        supplier=_supplier(supplier),
        outcome_based=_bool("outcome_based", outcome_based, optional=True),
    )


def _lang(lang: Any) -> str:
    if lang not in LANGS:
        raise AdvisorInputError("lang", "unknown_code", f"lang must be one of {', '.join(LANGS)}")
    return lang


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Reason:
    """Why a form got its fit: the deciding clause (``rule_id``) and the rules it cites."""

    rule_id: str
    text: Text
    refs: tuple[str, ...]


@dataclass(frozen=True)
class RegimeResult:
    regime: Regime
    band: Band | None
    thresholds: tuple[Threshold, ...]
    rule_ids: tuple[str, ...]

    @property
    def code(self) -> str:
        return self.regime.code


@dataclass(frozen=True)
class FormResult:
    form: Form
    fit: str
    reasons: tuple[Reason, ...]

    @property
    def code(self) -> str:
        return self.form.code


@dataclass(frozen=True)
class WarningItem:
    code: str
    rule_ids: tuple[str, ...]
    text: Text
    params: Mapping[str, Param]


@dataclass(frozen=True)
class Assessment:
    input: AssessmentInput
    rulebook: Rulebook
    regime: RegimeResult
    forms: tuple[FormResult, ...]
    myths: tuple[Myth, ...]
    warnings: tuple[WarningItem, ...]
    params: Mapping[str, Param]

    def form(self, code: str) -> FormResult:
        return next(f for f in self.forms if f.code == code)

    def rule_ids(self) -> tuple[str, ...]:
        """Every record id the answer rests on, in order of first use."""
        ids: list[str] = [*self.regime.rule_ids, *(t.id for t in self.regime.thresholds)]
        for form in self.forms:
            for reason in form.reasons:
                ids.extend((reason.rule_id, *reason.refs))
        for myth in self.myths:
            ids.extend((myth.id, *_resolve_all(self.rulebook, myth.refs, self.input.decision_date)))
        for warning in self.warnings:
            ids.extend(warning.rule_ids)
        return tuple(dict.fromkeys(i for i in ids if i))

    def to_dict(self, lang: str = "nb") -> dict[str, Any]:
        return assessment_to_dict(self, lang)


# --------------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class _Facts:
    regime: str
    subject: str
    buyer: str
    novelty: str
    mutual_obligation: bool
    supplier_nonprofit: bool | None
    supplier_work_integration: bool | None
    outcome_based: bool | None
    day: date


def _tri(expected: bool | str | None, actual: bool | None) -> bool:
    if expected is None:
        return True
    if expected == "unknown":
        return actual is None
    return actual is expected


def _matches(cond: Condition, facts: _Facts, book: Rulebook) -> bool:
    for allowed, actual in (
        (cond.regime, facts.regime),
        (cond.subject, facts.subject),
        (cond.buyer, facts.buyer),
        (cond.novelty, facts.novelty),
    ):
        if allowed is not None and actual not in allowed:
            return False
    if cond.mutual_obligation is not None and cond.mutual_obligation != facts.mutual_obligation:
        return False
    if not (
        _tri(cond.supplier_nonprofit, facts.supplier_nonprofit)
        and _tri(cond.supplier_work_integration, facts.supplier_work_integration)
        and _tri(cond.outcome_based, facts.outcome_based)
    ):
        return False
    if any(book.at(key, facts.day) is None for key in cond.rule_in_force):
        return False
    return all(book.at(key, facts.day) is None for key in cond.rule_not_in_force)


def _resolve(book: Rulebook, ref: str, day: date) -> str | None:
    """A threshold/rule key resolves to the row in force on ``day``; a record id to itself."""
    if ref in book.index:
        return ref
    row = book.at(ref, day)
    return row.id if row is not None else None


def _resolve_all(book: Rulebook, refs: tuple[str, ...], day: date) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r for r in (_resolve(book, ref, day) for ref in refs) if r))


def _bounds(book: Rulebook, band: Band, day: date) -> tuple[Decimal, Decimal | None]:
    low = book.threshold_at(band.lower, day).value if band.lower else Decimal(0)
    high = book.threshold_at(band.upper, day).value if band.upper else None
    return low, high


def _bands_for(book: Rulebook, buyer: str, subject: str) -> list[Band]:
    return [b for b in book.bands if buyer in b.buyers and subject in b.subjects]


def _band(book: Rulebook, buyer: str, subject: str, value: Decimal, day: date) -> Band:
    for band in _bands_for(book, buyer, subject):
        low, high = _bounds(book, band, day)
        if low <= value and (high is None or value < high):
            return band
    raise LookupError(f"no band for {buyer}/{subject}/{value} on {day}")  # data validated against this


def _band_thresholds(book: Rulebook, buyer: str, subject: str, day: date) -> tuple[Threshold, ...]:
    keys = dict.fromkeys(k for b in _bands_for(book, buyer, subject) for k in (b.lower, b.upper) if k)
    rows = [book.threshold_at(k, day) for k in keys]
    return tuple(sorted(rows, key=lambda t: (t.value, t.key)))


def _top_threshold(book: Rulebook, buyer: str, subject: str, day: date) -> Threshold:
    """The EEA threshold for this buyer and subject: the lower bound of the open-ended band."""
    top = next(b for b in _bands_for(book, buyer, subject) if b.upper is None)
    return book.threshold_at(top.lower, day) if top.lower else book.threshold_at("lower_limit", day)


def _regime_result(book: Rulebook, inp: AssessmentInput, band: Band) -> RegimeResult:
    day = inp.decision_date
    if not inp.mutual_obligation:
        regime = book.regimes["not_procurement"]
        ceilings = tuple(c for c in book.ceilings if c.in_force(day))
        rule_ids = (regime.id, *_resolve_all(book, regime.refs, day))
        return RegimeResult(regime=regime, band=None, thresholds=ceilings, rule_ids=rule_ids)
    regime = book.regimes[band.regime]
    rule_ids = (regime.id, band.id, *_resolve_all(book, (*regime.refs, *band.refs), day))
    return RegimeResult(
        regime=regime,
        band=band,
        thresholds=_band_thresholds(book, inp.buyer, inp.subject, day),
        rule_ids=tuple(dict.fromkeys(rule_ids)),
    )


def _rule_param(book: Rulebook, key: str, name: str, day: date) -> Param:
    row = book.at(key, day)
    if row is None or name not in getattr(row, "params", {}):
        raise LookupError(f"rule {key!r} with parameter {name!r} not in force on {day}")
    return row.params[name]


def _params(book: Rulebook, inp: AssessmentInput, contract_band: Band) -> dict[str, Param]:
    day = inp.decision_date
    de_minimis = book.threshold_at("de_minimis", day) if book.at("de_minimis", day) else None
    params: dict[str, Param] = {
        "value": Money(inp.value_nok, "NOK"),
        "lower_limit": Money(book.threshold_at("lower_limit", day).value, "NOK"),
        "national_threshold": Money(book.threshold_at("national", day).value, "NOK"),
        "eea_threshold": Money(_top_threshold(book, inp.buyer, inp.subject, day).value, "NOK"),
        "eea_health_social": Money(book.threshold_at("eea_health_social", day).value, "NOK"),
        "framework_max_years": _rule_param(book, "framework_max_duration", "framework_max_years", day),
        "work_integration_min_share": _rule_param(
            book, "reserved_work_integration", "work_integration_min_share", day
        ),
        "rnd_main_share": _rule_param(book, "rnd_exemption", "rnd_main_share", day),
        "indefinite_months": _rule_param(book, "value_estimation_indefinite", "indefinite_months", day),
        "regime_title": book.regimes[contract_band.regime].title,
        "reviewed_on": book.meta.reviewed_on,
        "margin_percent": book.meta.near_threshold_margin_percent,
    }
    if de_minimis is not None:
        params["de_minimis"] = Money(de_minimis.value, de_minimis.currency)
        params["de_minimis_years"] = de_minimis.period_years or 0
    return params


def _evaluate_form(book: Rulebook, form: Form, facts: _Facts) -> FormResult:
    decisive: tuple[str, Reason] | None = None
    notes: list[Reason] = []
    for clause in form.clauses:
        if not _matches(clause.when, facts, book):
            continue
        reason = Reason(clause.id, clause.reason, _resolve_all(book, clause.refs, facts.day))
        if clause.fit is None:
            notes.append(reason)
        elif decisive is None:
            decisive = (clause.fit, reason)
    assert decisive is not None, f"{form.code}: validated data always has a catch-all clause"
    fit, reason = decisive
    return FormResult(form=form, fit=fit, reasons=(reason, *notes))


def _warnings(
    book: Rulebook,
    inp: AssessmentInput,
    facts: _Facts,
    regime: RegimeResult,
    contract_band: Band,
    forms: tuple[FormResult, ...],
    params: dict[str, Param],
) -> list[WarningItem]:
    day = inp.decision_date
    out: list[WarningItem] = []

    def add(code: str, refs: tuple[str, ...], extra: Mapping[str, Param] | None = None) -> None:
        item_params = dict(params) | dict(extra or {})
        out.append(WarningItem(code, _resolve_all(book, refs, day), book.warnings[code].text, item_params))

    if inp.mutual_obligation:
        add("value_estimation", ("value_estimation",))
        low, high = _bounds(book, contract_band, day)
        if high is not None:
            margin = book.meta.near_threshold_margin_percent
            if inp.value_nok >= high * (Decimal(100) - margin) / Decimal(100):
                upper = book.threshold_at(contract_band.upper, day)  # type: ignore[arg-type]
                add("near_threshold", ("split_ban", upper.id), {"next_threshold": Money(upper.value, "NOK")})
        if inp.novelty in ("new", "research") and _form_fit(forms, "innovation_partnership") != "not_allowed":
            add("innovation_value", ("innovation_partnership",))
        if _form_fit(forms, "reserved_nonprofit") != "not_allowed" and book.at(
            "reserved_nonprofit_30_2a", day
        ):
            if regime.code == "part1+ch30":
                add(
                    "reserved_nonprofit_legal_risk",
                    ("reserved_nonprofit_esa_risk", "reserved_nonprofit_30_2a"),
                )
    else:
        add("if_contract", ("grant_vs_contract", contract_band.id))
        de_minimis = book.at("de_minimis", day)
        if de_minimis is not None and getattr(de_minimis, "value", 0) > 0:
            add("state_aid_check", ("state_aid", "de_minimis"))
        else:
            add("state_aid_check_paused", ("state_aid", "de_minimis"))

    for notice in book.notices:
        if notice.active(day) and _matches(notice.when, facts, book):
            out.append(WarningItem(notice.kind, (notice.id,), notice.text, params))

    if day > book.meta.reviewed_on:
        add("after_review", ())
    return out


def _form_fit(forms: tuple[FormResult, ...], code: str) -> str:
    return next(f.fit for f in forms if f.code == code)


def _unverified_warnings(book: Rulebook, ids: tuple[str, ...], params: dict[str, Param]) -> list[WarningItem]:
    out = []
    for rule_id in ids:
        record = book.index.get(rule_id)
        if (
            record is None
            or getattr(record, "verification", "") != "unverified"
            or rule_id.startswith("notice.")
        ):
            continue
        extra = dict(params) | {"rule_title": record.title}  # type: ignore[union-attr]
        out.append(WarningItem("unverified_data", (rule_id,), book.warnings["unverified_data"].text, extra))
    return out


def assess(
    *,
    buyer: Any,
    decision_date: Any,
    value_nok: Any,
    subject: Any,
    novelty: Any,
    mutual_obligation: Any,
    supplier: Any = None,
    outcome_based: Any = None,
    rulebook: Rulebook | None = None,
) -> Assessment:
    """Assess a planned collaboration. Raises AdvisorInputError for bad input."""
    book = rulebook or load_rulebook()
    inp = validate_input(
        buyer=buyer,
        decision_date=decision_date,
        value_nok=value_nok,
        subject=subject,
        novelty=novelty,
        mutual_obligation=mutual_obligation,
        supplier=supplier,
        outcome_based=outcome_based,
        rulebook=book,
    )
    day = inp.decision_date
    # The band the value would fall in if this were a contract; used for the regime, and for
    # the "if it is in substance a contract" warning when there is no mutual obligation.
    contract_band = _band(book, inp.buyer, inp.subject, inp.value_nok, day)
    regime = _regime_result(book, inp, contract_band)
    facts = _Facts(
        regime=regime.code,
        subject=inp.subject,
        buyer=inp.buyer,
        novelty=inp.novelty,
        mutual_obligation=inp.mutual_obligation,
        supplier_nonprofit=inp.supplier.nonprofit,
        supplier_work_integration=inp.supplier.work_integration,
        outcome_based=inp.outcome_based,
        day=day,
    )
    forms_by_code = {f.code: f for f in book.forms}
    forms = tuple(_evaluate_form(book, forms_by_code[code], facts) for code in FORM_CODES)
    myths = tuple(m for m in book.myths if _matches(m.when, facts, book))
    params = _params(book, inp, contract_band)
    warnings = _warnings(book, inp, facts, regime, contract_band, forms, params)
    draft = Assessment(inp, book, regime, forms, myths, tuple(warnings), params)
    warnings.extend(_unverified_warnings(book, draft.rule_ids(), params))
    return Assessment(inp, book, regime, forms, myths, tuple(warnings), params)


# --------------------------------------------------------------------------- output


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def assessment_to_dict(assessment: Assessment, lang: str = "nb") -> dict[str, Any]:
    """The JSON-able answer of ``POST /api/v1/advisor/assess`` in language ``lang``."""
    lang = _lang(lang)
    book = assessment.rulebook
    inp = assessment.input
    params = assessment.params
    day = inp.decision_date
    regime = assessment.regime
    return {
        "rulebook_version": book.meta.version,
        "lang": lang,
        "input": {
            "buyer": inp.buyer,
            "decision_date": day.isoformat(),
            "value_nok": _number(inp.value_nok),
            "subject": inp.subject,
            "novelty": inp.novelty,
            "mutual_obligation": inp.mutual_obligation,
            "supplier": {
                "nonprofit": inp.supplier.nonprofit,
                "work_integration": inp.supplier.work_integration,
            },
            "outcome_based": inp.outcome_based,
        },
        "regime": {
            "code": regime.code,
            "title": regime.regime.title.get(lang),
            "legal_basis": list(
                dict.fromkeys((*regime.regime.legal_basis, *(regime.band.legal_basis if regime.band else ())))
            ),
            "rule_ids": list(regime.rule_ids),
            "thresholds": {
                t.key: {
                    "id": t.id,
                    "title": t.title.get(lang),
                    "value": _number(t.value),
                    "currency": t.currency,
                    "valid_from": t.valid_from.isoformat(),
                    "valid_to": t.valid_to.isoformat() if t.valid_to else None,
                    "source": t.source,
                    "verification": t.verification,
                }
                for t in regime.thresholds
            },
        },
        "forms": [
            {
                "code": f.code,
                "title": f.form.title.get(lang),
                "fit": f.fit,
                "reasons": [
                    {"rule_id": r.rule_id, "text": render_text(r.text, lang, params), "refs": list(r.refs)}
                    for r in f.reasons
                ],
                "steps": list(f.form.steps.get(lang)),
                "documents": list(f.form.documents.get(lang)),
                "legal_basis": list(f.form.legal_basis),
            }
            for f in assessment.forms
        ],
        "myths": [
            {
                "id": m.id,
                "title": m.title.get(lang),
                "correction": render_text(m.correction, lang, params),
                "source": m.source,
            }
            for m in assessment.myths
        ],
        "warnings": [
            {"code": w.code, "rule_ids": list(w.rule_ids), "text": render_text(w.text, lang, w.params)}
            for w in assessment.warnings
        ],
        "rules": {rule_id: render_record(book.index[rule_id], lang) for rule_id in assessment.rule_ids()},
    }


_PAYLOAD_FIELDS = (
    "buyer",
    "decision_date",
    "value_nok",
    "subject",
    "novelty",
    "mutual_obligation",
    "supplier",
    "outcome_based",
)


def assess_payload(payload: Any, *, lang: str = "nb", rulebook: Rulebook | None = None) -> dict[str, Any]:
    """Validate a JSON-like payload (dates as ISO strings) and return the answer dict."""
    lang = _lang(lang)
    if not isinstance(payload, Mapping):
        raise AdvisorInputError("payload", "invalid_type", "payload must be an object")
    unknown = sorted(set(payload) - set(_PAYLOAD_FIELDS))
    if unknown:
        raise AdvisorInputError(unknown[0], "unknown_field", f"unknown field {unknown[0]}")
    if isinstance(payload.get("value_nok"), str):
        raise AdvisorInputError("value_nok", "invalid_type", "value_nok must be a number")
    assessment = assess(**{name: payload.get(name) for name in _PAYLOAD_FIELDS}, rulebook=rulebook)
    return assessment_to_dict(assessment, lang)
