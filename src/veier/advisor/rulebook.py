"""Load and validate the advisor's dated rule data (the TOML files in ``rules/``).

Pure Python, no Django. Every legal number the engine uses comes from these files;
this module only knows their structure. ``load_rulebook()`` parses, validates and
caches the data shipped with the package; ``parse_rulebook()`` validates data handed
in as dicts (used by tests to prove the validator rejects broken data).
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

LANGS: tuple[str, ...] = ("nb", "nn", "en")
VERIFICATION_STATES: tuple[str, ...] = ("verified", "unverified", "proposed")
REGIME_CODES: tuple[str, ...] = ("outside", "part1", "part1+2", "part1+3", "part1+ch30", "not_procurement")
BUYERS: tuple[str, ...] = ("municipality", "county", "state", "other_public")
SUBJECTS: tuple[str, ...] = ("goods", "services", "works", "health_social", "other_special")
NOVELTIES: tuple[str, ...] = ("existing", "adapt", "new", "research")
FITS: tuple[str, ...] = ("recommended", "possible", "not_allowed")
FORM_CODES: tuple[str, ...] = (
    "direct_purchase",
    "exploratory_agreement",
    "pilot_agreement",
    "subscription",
    "operating_agreement",
    "open_competition",
    "competition_with_negotiation",
    "competitive_dialogue",
    "innovation_partnership",
    "pre_commercial",
    "rnd_cooperation",
    "framework_agreement",
    "grant",
    "reserved_nonprofit",
    "reserved_work_integration",
    "outcome_contract",
)
NOTICE_KINDS: tuple[str, ...] = ("proposal", "adopted_pending", "data_gap", "legal_gap")
# Placeholders that texts may use; the engine supplies a value for each of them.
TEXT_PARAMS: frozenset[str] = frozenset(
    {
        "value",
        "lower_limit",
        "national_threshold",
        "eea_threshold",
        "eea_health_social",
        "next_threshold",
        "margin_percent",
        "framework_max_years",
        "work_integration_min_share",
        "rnd_main_share",
        "indefinite_months",
        "de_minimis",
        "de_minimis_years",
        "regime_title",
        "reviewed_on",
        "rule_title",
    }
)
_URL = re.compile(r"^https?://\S+$")
_DATA_FILES = ("thresholds", "state_aid", "rules", "regimes", "forms", "myths", "law_changes", "warnings")


class RulebookError(ValueError):
    """The rule data is malformed or inconsistent. ``problems`` lists every finding."""

    def __init__(self, problems: Iterable[str]):
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class Text:
    """One user-facing text in bokmål, nynorsk and English."""

    nb: str
    nn: str
    en: str

    def get(self, lang: str) -> str:
        return getattr(self, lang)


@dataclass(frozen=True)
class TextList:
    """An ordered list of user-facing texts (steps, documents) in the three languages."""

    nb: tuple[str, ...]
    nn: tuple[str, ...]
    en: tuple[str, ...]

    def get(self, lang: str) -> tuple[str, ...]:
        return getattr(self, lang)


@dataclass(frozen=True)
class Dated:
    """Fields shared by every dated, sourced record."""

    id: str
    key: str
    valid_from: date
    valid_to: date | None
    source: str
    verification: str
    legal_basis: tuple[str, ...]
    title: Text
    note: str

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Threshold(Dated):
    """An amount (NOK, or EUR for state-aid ceilings) valid for one period."""

    value: Decimal
    currency: str
    period_years: int | None = None


@dataclass(frozen=True)
class LegalRule(Dated):
    """A non-numeric (or parameterised) legal rule valid for one period."""

    summary: Text
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Regime:
    id: str
    code: str
    rank: int
    title: Text
    legal_basis: tuple[str, ...]
    refs: tuple[str, ...]
    source: str
    verification: str


@dataclass(frozen=True)
class Band:
    """A value band [lower, upper) for some buyers and subjects that maps to a regime."""

    id: str
    regime: str
    subjects: frozenset[str]
    buyers: frozenset[str]
    lower: str | None
    upper: str | None
    refs: tuple[str, ...]
    legal_basis: tuple[str, ...]
    title: Text
    source: str
    verification: str


@dataclass(frozen=True)
class Condition:
    """When a clause, myth or notice applies. ``None`` means "any"."""

    regime: frozenset[str] | None = None
    subject: frozenset[str] | None = None
    buyer: frozenset[str] | None = None
    novelty: frozenset[str] | None = None
    mutual_obligation: bool | None = None
    supplier_nonprofit: bool | str | None = None
    supplier_work_integration: bool | str | None = None
    outcome_based: bool | str | None = None
    rule_in_force: tuple[str, ...] = ()
    rule_not_in_force: tuple[str, ...] = ()

    @property
    def is_catch_all(self) -> bool:
        return self == Condition()


@dataclass(frozen=True)
class Clause:
    id: str
    when: Condition
    fit: str | None
    reason: Text
    refs: tuple[str, ...]
    source: str
    title: Text
    verification: str = "verified"


@dataclass(frozen=True)
class Form:
    id: str
    code: str
    title: Text
    description: Text
    legal_basis: tuple[str, ...]
    steps: TextList
    documents: TextList
    source: str
    clauses: tuple[Clause, ...]
    verification: str = "verified"


@dataclass(frozen=True)
class Myth:
    id: str
    title: Text
    correction: Text
    source: str
    verification: str
    when: Condition
    tags: tuple[str, ...]
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Notice:
    id: str
    kind: str
    active_from: date
    active_to: date | None
    when: Condition
    title: Text
    text: Text
    source: str
    verification: str

    def active(self, day: date) -> bool:
        return self.active_from <= day and (self.active_to is None or day <= self.active_to)


@dataclass(frozen=True)
class WarningTemplate:
    code: str
    text: Text


@dataclass(frozen=True)
class Meta:
    version: str
    reviewed_on: date
    coverage_from: date
    near_threshold_margin_percent: Decimal
    source: str


Record = Threshold | LegalRule | Regime | Band | Clause | Form | Myth | Notice


@dataclass(frozen=True)
class Rulebook:
    meta: Meta
    thresholds: tuple[Threshold, ...]
    ceilings: tuple[Threshold, ...]
    rules: tuple[LegalRule, ...]
    regimes: Mapping[str, Regime]
    bands: tuple[Band, ...]
    forms: tuple[Form, ...]
    myths: tuple[Myth, ...]
    notices: tuple[Notice, ...]
    warnings: Mapping[str, WarningTemplate]
    index: Mapping[str, Record]

    def record(self, record_id: str) -> Record:
        return self.index[record_id]

    def dated(self, key: str) -> tuple[Threshold | LegalRule, ...]:
        """All periods of one threshold, ceiling or rule family, oldest first."""
        rows = [r for r in (*self.thresholds, *self.ceilings, *self.rules) if r.key == key]
        return tuple(sorted(rows, key=lambda r: r.valid_from))

    def at(self, key: str, day: date) -> Threshold | LegalRule | None:
        """The row of ``key`` in force on ``day``, or None."""
        for row in self.dated(key):
            if row.in_force(day):
                return row
        return None

    def threshold_at(self, key: str, day: date) -> Threshold:
        row = self.at(key, day)
        if not isinstance(row, Threshold):
            raise LookupError(f"no threshold {key!r} in force on {day.isoformat()}")
        return row

    def family_keys(self) -> frozenset[str]:
        return frozenset(r.key for r in (*self.thresholds, *self.ceilings, *self.rules))

    def change_dates(self) -> tuple[date, ...]:
        """Every date on which some threshold, ceiling or rule period starts."""
        days = {r.valid_from for r in (*self.thresholds, *self.ceilings, *self.rules)}
        return tuple(sorted(days))


# --------------------------------------------------------------------------- parsing


class _Collector:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")


def _req(
    row: Mapping[str, Any], name: str, where: str, out: _Collector, kind: type | tuple[type, ...]
) -> Any:
    if name not in row:
        out.add(where, f"missing field {name!r}")
        return None
    value = row[name]
    if not isinstance(value, kind) or (kind is date and not _is_plain_date(value)):
        out.add(where, f"field {name!r} has the wrong type ({type(value).__name__})")
        return None
    return value


def _is_plain_date(value: Any) -> bool:
    from datetime import datetime

    return isinstance(value, date) and not isinstance(value, datetime)


def _text(raw: Any, where: str, out: _Collector) -> Text:
    if not isinstance(raw, Mapping):
        out.add(where, "text must be a table with nb, nn and en")
        return Text("", "", "")
    values = []
    for lang in LANGS:
        value = raw.get(lang)
        if not isinstance(value, str) or not value.strip():
            out.add(where, f"text missing or empty in {lang!r}")
            value = ""
        else:
            _check_placeholders(value, f"{where}.{lang}", out)
        values.append(value)
    extra = set(raw) - set(LANGS)
    if extra:
        out.add(where, f"unknown languages {sorted(extra)}")
    return Text(*values)


def _text_list(raw: Any, where: str, out: _Collector) -> TextList:
    if not isinstance(raw, Mapping):
        out.add(where, "text list must be a table with nb, nn and en")
        return TextList((), (), ())
    values = []
    for lang in LANGS:
        items = raw.get(lang)
        if (
            not isinstance(items, list)
            or not items
            or not all(isinstance(i, str) and i.strip() for i in items)
        ):
            out.add(where, f"list missing, empty or with blank items in {lang!r}")
            items = []
        values.append(tuple(items))
    if len({len(v) for v in values}) != 1:
        out.add(where, "the nb, nn and en lists differ in length")
    return TextList(*values)


def _check_placeholders(value: str, where: str, out: _Collector) -> None:
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError as exc:
        out.add(where, f"bad placeholder syntax: {exc}")
        return
    unknown = names - TEXT_PARAMS
    if unknown:
        out.add(where, f"unknown placeholders {sorted(unknown)}")


def _source(row: Mapping[str, Any], where: str, out: _Collector) -> str:
    value = _req(row, "source", where, out, str)
    if value is not None and not _URL.match(value):
        out.add(where, f"source is not a URL: {value!r}")
    return value or ""


def _verification(row: Mapping[str, Any], where: str, out: _Collector, allowed: tuple[str, ...]) -> str:
    value = _req(row, "verification", where, out, str)
    if value is not None and value not in allowed:
        out.add(where, f"verification {value!r} not one of {allowed}")
    return value or ""


def _str_tuple(raw: Any, where: str, out: _Collector, name: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(i, str) for i in raw):
        out.add(where, f"{name} must be a list of strings")
        return ()
    return tuple(raw)


def _code_set(
    raw: Any, allowed: tuple[str, ...], where: str, out: _Collector, name: str
) -> frozenset[str] | None:
    if raw is None:
        return None
    items = _str_tuple(raw, where, out, name)
    unknown = set(items) - set(allowed)
    if unknown:
        out.add(where, f"{name} has unknown codes {sorted(unknown)}")
    if not items:
        out.add(where, f"{name} must not be empty")
    return frozenset(items)


_TRI_STATE_FIELDS = ("supplier_nonprofit", "supplier_work_integration", "outcome_based")


def _condition(raw: Any, where: str, out: _Collector) -> Condition:
    if raw is None:
        return Condition()
    if not isinstance(raw, Mapping):
        out.add(where, "'when' must be a table")
        return Condition()
    known = {
        "regime",
        "subject",
        "buyer",
        "novelty",
        "mutual_obligation",
        "rule_in_force",
        "rule_not_in_force",
        *_TRI_STATE_FIELDS,
    }
    unknown = set(raw) - known
    if unknown:
        out.add(where, f"unknown condition keys {sorted(unknown)}")
    tri: dict[str, bool | str | None] = {}
    for name in _TRI_STATE_FIELDS:
        value = raw.get(name)
        if value is not None and not (isinstance(value, bool) or value == "unknown"):
            out.add(where, f"{name} must be true, false or 'unknown'")
            value = None
        tri[name] = value
    mutual = raw.get("mutual_obligation")
    if mutual is not None and not isinstance(mutual, bool):
        out.add(where, "mutual_obligation must be true or false")
        mutual = None
    return Condition(
        regime=_code_set(raw.get("regime"), REGIME_CODES, where, out, "regime"),
        subject=_code_set(raw.get("subject"), SUBJECTS, where, out, "subject"),
        buyer=_code_set(raw.get("buyer"), BUYERS, where, out, "buyer"),
        novelty=_code_set(raw.get("novelty"), NOVELTIES, where, out, "novelty"),
        mutual_obligation=mutual,
        rule_in_force=_str_tuple(raw.get("rule_in_force"), where, out, "rule_in_force"),
        rule_not_in_force=_str_tuple(raw.get("rule_not_in_force"), where, out, "rule_not_in_force"),
        **tri,
    )


def _dated_common(row: Mapping[str, Any], where: str, out: _Collector) -> dict[str, Any]:
    valid_from = _req(row, "valid_from", where, out, date)
    valid_to = row.get("valid_to")
    if valid_to is not None and not _is_plain_date(valid_to):
        out.add(where, "valid_to must be a date")
        valid_to = None
    if valid_from and valid_to and valid_to < valid_from:
        out.add(where, "valid_to is before valid_from")
    return {
        "id": _req(row, "id", where, out, str) or "",
        "key": _req(row, "key", where, out, str) or "",
        "valid_from": valid_from or date.min,
        "valid_to": valid_to,
        "source": _source(row, where, out),
        "verification": _verification(row, where, out, ("verified", "unverified")),
        "legal_basis": _str_tuple(row.get("legal_basis"), where, out, "legal_basis"),
        "title": _text(row.get("title"), f"{where}.title", out),
        "note": row.get("note", "") if isinstance(row.get("note", ""), str) else "",
    }


def _threshold(row: Mapping[str, Any], where: str, out: _Collector, currency: str) -> Threshold:
    common = _dated_common(row, where, out)
    field_name = "value_nok" if currency == "NOK" else "value_eur"
    raw_value = _req(row, field_name, where, out, int)
    if isinstance(raw_value, bool) or (raw_value is not None and raw_value < 0):
        out.add(where, f"{field_name} must be a non-negative whole number")
        raw_value = None
    period = row.get("period_years")
    if period is not None and (not isinstance(period, int) or period <= 0):
        out.add(where, "period_years must be a positive whole number")
        period = None
    return Threshold(**common, value=Decimal(raw_value or 0), currency=currency, period_years=period)


def _rule(row: Mapping[str, Any], where: str, out: _Collector) -> LegalRule:
    common = _dated_common(row, where, out)
    params = row.get("params", {})
    if not isinstance(params, Mapping):
        out.add(where, "params must be a table")
        params = {}
    return LegalRule(
        **common,
        summary=_text(row.get("summary"), f"{where}.summary", out),
        params=MappingProxyType(dict(params)),
    )


def parse_rulebook(data: Mapping[str, Mapping[str, Any]]) -> Rulebook:
    """Build and validate a Rulebook from the parsed TOML documents (keyed by file stem)."""
    out = _Collector()
    for name in _DATA_FILES:
        if name not in data:
            out.add(name, "data file missing")
    if out.problems:
        raise RulebookError(out.problems)

    regimes_doc = data["regimes"]
    meta_raw = regimes_doc.get("meta", {})
    margin = meta_raw.get("near_threshold_margin_percent")
    meta = Meta(
        version=_req(meta_raw, "version", "regimes.meta", out, str) or "",
        reviewed_on=_req(meta_raw, "reviewed_on", "regimes.meta", out, date) or date.min,
        coverage_from=_req(meta_raw, "coverage_from", "regimes.meta", out, date) or date.min,
        near_threshold_margin_percent=Decimal(str(margin)) if isinstance(margin, int | float) else Decimal(0),
        source=_source(meta_raw, "regimes.meta", out),
    )

    thresholds = tuple(
        _threshold(row, f"thresholds[{i}]", out, "NOK")
        for i, row in enumerate(data["thresholds"].get("threshold", []))
    )
    ceilings = tuple(
        _threshold(row, f"state_aid[{i}]", out, "EUR")
        for i, row in enumerate(data["state_aid"].get("ceiling", []))
    )
    rules = tuple(_rule(row, f"rules[{i}]", out) for i, row in enumerate(data["rules"].get("rule", [])))

    regimes: dict[str, Regime] = {}
    for i, row in enumerate(regimes_doc.get("regime", [])):
        where = f"regimes.regime[{i}]"
        code = _req(row, "code", where, out, str) or ""
        if code not in REGIME_CODES:
            out.add(where, f"unknown regime code {code!r}")
        regimes[code] = Regime(
            id=f"regime.{code}",
            code=code,
            rank=_req(row, "rank", where, out, int) or 0,
            title=_text(row.get("title"), f"{where}.title", out),
            legal_basis=_str_tuple(row.get("legal_basis"), where, out, "legal_basis"),
            refs=_str_tuple(row.get("refs"), where, out, "refs"),
            source=_source(row, where, out),
            verification=_verification(row, where, out, ("verified", "unverified")),
        )
    missing_regimes = set(REGIME_CODES) - set(regimes)
    if missing_regimes:
        out.add("regimes", f"regimes missing: {sorted(missing_regimes)}")

    bands = []
    for i, row in enumerate(regimes_doc.get("band", [])):
        where = f"regimes.band[{i}]"
        regime = _req(row, "regime", where, out, str) or ""
        if regime not in regimes or regime == "not_procurement":
            out.add(where, f"band regime {regime!r} is not a value-based regime")
        bands.append(
            Band(
                id=_req(row, "id", where, out, str) or "",
                regime=regime,
                subjects=_code_set(row.get("subjects"), SUBJECTS, where, out, "subjects") or frozenset(),
                buyers=_code_set(row.get("buyers"), BUYERS, where, out, "buyers") or frozenset(),
                lower=row.get("lower"),
                upper=row.get("upper"),
                refs=_str_tuple(row.get("refs"), where, out, "refs"),
                legal_basis=_str_tuple(row.get("legal_basis"), where, out, "legal_basis"),
                title=regimes[regime].title if regime in regimes else Text("", "", ""),
                source=_source(row, where, out),
                verification=_verification(row, where, out, ("verified", "unverified")),
            )
        )

    forms = []
    for i, row in enumerate(data["forms"].get("form", [])):
        where = f"forms.form[{i}]"
        code = _req(row, "code", where, out, str) or ""
        title = _text(row.get("title"), f"{where}.title", out)
        form_source = _source(row, where, out)
        clauses = []
        for j, clause in enumerate(row.get("clause", [])):
            cwhere = f"{where}.clause[{j}]"
            fit = clause.get("fit")
            if fit is not None and fit not in FITS:
                out.add(cwhere, f"fit {fit!r} not one of {FITS}")
            csource = clause.get("source", form_source)
            if not isinstance(csource, str) or not _URL.match(csource):
                out.add(cwhere, "source is not a URL")
            clauses.append(
                Clause(
                    id=_req(clause, "id", cwhere, out, str) or "",
                    when=_condition(clause.get("when"), cwhere, out),
                    fit=fit,
                    reason=_text(clause.get("reason"), f"{cwhere}.reason", out),
                    refs=_str_tuple(clause.get("refs"), cwhere, out, "refs"),
                    source=csource if isinstance(csource, str) else "",
                    title=title,
                )
            )
        forms.append(
            Form(
                id=f"form.{code}",
                code=code,
                title=title,
                description=_text(row.get("description"), f"{where}.description", out),
                legal_basis=_str_tuple(row.get("legal_basis"), where, out, "legal_basis"),
                steps=_text_list(row.get("steps"), f"{where}.steps", out),
                documents=_text_list(row.get("documents"), f"{where}.documents", out),
                source=form_source,
                clauses=tuple(clauses),
            )
        )

    myths = tuple(
        Myth(
            id=_req(row, "id", f"myths[{i}]", out, str) or "",
            title=_text(row.get("title"), f"myths[{i}].title", out),
            correction=_text(row.get("correction"), f"myths[{i}].correction", out),
            source=_source(row, f"myths[{i}]", out),
            verification=_verification(row, f"myths[{i}]", out, ("verified", "unverified")),
            when=_condition(row.get("when"), f"myths[{i}]", out),
            tags=_str_tuple(row.get("tags"), f"myths[{i}]", out, "tags"),
            refs=_str_tuple(row.get("refs"), f"myths[{i}]", out, "refs"),
        )
        for i, row in enumerate(data["myths"].get("myth", []))
    )

    notices = []
    for i, row in enumerate(data["law_changes"].get("notice", [])):
        where = f"law_changes[{i}]"
        kind = _req(row, "kind", where, out, str) or ""
        if kind not in NOTICE_KINDS:
            out.add(where, f"kind {kind!r} not one of {NOTICE_KINDS}")
        verification = _verification(row, where, out, VERIFICATION_STATES)
        if (kind == "proposal") != (verification == "proposed"):
            out.add(where, "proposals, and only proposals, have verification 'proposed'")
        active_to = row.get("active_to")
        if active_to is not None and not _is_plain_date(active_to):
            out.add(where, "active_to must be a date")
            active_to = None
        notices.append(
            Notice(
                id=_req(row, "id", where, out, str) or "",
                kind=kind,
                active_from=_req(row, "active_from", where, out, date) or date.min,
                active_to=active_to,
                when=_condition(row.get("when"), where, out),
                title=_text(row.get("title"), f"{where}.title", out),
                text=_text(row.get("text"), f"{where}.text", out),
                source=_source(row, where, out),
                verification=verification,
            )
        )

    warnings = {
        code: WarningTemplate(code=code, text=_text(raw, f"warnings.{code}", out))
        for code, raw in data["warnings"].get("warning", {}).items()
    }

    index: dict[str, Record] = {}
    records: list[Record] = [
        *thresholds,
        *ceilings,
        *rules,
        *regimes.values(),
        *bands,
        *forms,
        *(c for f in forms for c in f.clauses),
        *myths,
        *notices,
    ]
    for rec in records:
        if not rec.id:
            continue
        if rec.id in index:
            out.add(rec.id, "duplicate id")
        index[rec.id] = rec

    book = Rulebook(
        meta=meta,
        thresholds=thresholds,
        ceilings=ceilings,
        rules=rules,
        regimes=MappingProxyType(regimes),
        bands=tuple(bands),
        forms=tuple(forms),
        myths=myths,
        notices=tuple(notices),
        warnings=MappingProxyType(warnings),
        index=MappingProxyType(index),
    )
    if not out.problems:
        out.problems.extend(consistency_problems(book))
    if out.problems:
        raise RulebookError(out.problems)
    return book


# --------------------------------------------------------------------------- consistency


def period_problems(rows: Iterable[Threshold | LegalRule], *, start: date | None) -> list[str]:
    """Overlaps and gaps between the periods of one family (rows share a key).

    With ``start`` the periods must also begin on ``start`` and the last one must be open-ended.
    """
    rows = sorted(rows, key=lambda r: r.valid_from)
    problems = []
    if not rows:
        return problems
    key = rows[0].key
    if start is not None and rows[0].valid_from != start:
        problems.append(f"{key}: first period starts {rows[0].valid_from}, not {start}")
    for before, after in zip(rows, rows[1:], strict=False):
        if before.valid_to is None or before.valid_to >= after.valid_from:
            problems.append(f"{key}: {before.id} overlaps {after.id}")
        elif start is not None and (after.valid_from - before.valid_to).days != 1:
            problems.append(f"{key}: gap between {before.id} and {after.id}")
    if start is not None and rows[-1].valid_to is not None:
        problems.append(f"{key}: last period {rows[-1].id} is not open-ended")
    return problems


def _families(rows: Iterable[Threshold | LegalRule]) -> dict[str, list[Threshold | LegalRule]]:
    grouped: dict[str, list[Threshold | LegalRule]] = {}
    for row in rows:
        grouped.setdefault(row.key, []).append(row)
    return grouped


def band_partition_problems(book: Rulebook) -> list[str]:
    """Check that, on every change date, each buyer x subject's bands tile [0, infinity) exactly."""
    problems = []
    for day in book.change_dates():
        if day < book.meta.coverage_from:
            continue
        for buyer in BUYERS:
            for subject in SUBJECTS:
                intervals = []
                for band in book.bands:
                    if buyer not in band.buyers or subject not in band.subjects:
                        continue
                    low = book.threshold_at(band.lower, day).value if band.lower else Decimal(0)
                    high = book.threshold_at(band.upper, day).value if band.upper else None
                    if high is not None and high < low:
                        problems.append(f"{band.id} on {day}: upper bound below lower bound")
                    if high is None or high > low:
                        intervals.append((low, high, band.id))
                intervals.sort(key=lambda i: i[0])
                edge: Decimal | None = Decimal(0)
                for low, high, band_id in intervals:
                    if edge is None or low != edge:
                        problems.append(f"{buyer}/{subject} on {day}: bands do not tile at {band_id}")
                        break
                    edge = high
                else:
                    if edge is not None:
                        problems.append(f"{buyer}/{subject} on {day}: no open-ended top band")
    return problems


def consistency_problems(book: Rulebook) -> list[str]:
    problems: list[str] = []
    start = book.meta.coverage_from
    for rows in _families(book.thresholds).values():
        problems.extend(period_problems(rows, start=start))
    for rows in _families(book.ceilings).values():
        problems.extend(period_problems(rows, start=start))
    for rows in _families(book.rules).values():
        problems.extend(period_problems(rows, start=None))

    families = book.family_keys()
    threshold_keys = {t.key for t in book.thresholds}

    def check_ref(ref: str, where: str) -> None:
        if ref not in families and ref not in book.index:
            problems.append(f"{where}: unknown reference {ref!r}")

    for band in book.bands:
        for bound in (band.lower, band.upper):
            if bound is not None and bound not in threshold_keys:
                problems.append(f"{band.id}: unknown threshold key {bound!r}")
        for ref in band.refs:
            check_ref(ref, band.id)
    for regime in book.regimes.values():
        for ref in regime.refs:
            check_ref(ref, regime.id)
    codes = [f.code for f in book.forms]
    if sorted(codes) != sorted(FORM_CODES) or len(codes) != len(set(codes)):
        problems.append(f"forms: expected exactly the codes {FORM_CODES}, got {codes}")
    for form in book.forms:
        decisive = [c for c in form.clauses if c.fit is not None]
        if not decisive or not decisive[-1].when.is_catch_all:
            problems.append(f"{form.id}: the last clause with a fit must apply always (empty 'when')")
        for clause in form.clauses:
            for ref in (*clause.refs, *clause.when.rule_in_force, *clause.when.rule_not_in_force):
                check_ref(ref, clause.id)
    for myth in book.myths:
        for ref in (*myth.refs, *myth.when.rule_in_force, *myth.when.rule_not_in_force):
            check_ref(ref, myth.id)
    if book.bands and not problems:
        problems.extend(band_partition_problems(book))
    return problems


# --------------------------------------------------------------------------- loading


def read_data_files() -> dict[str, dict[str, Any]]:
    """Parse the TOML files shipped in the package's ``rules`` folder."""
    folder = resources.files("veier.advisor") / "rules"
    return {
        name: tomllib.loads((folder / f"{name}.toml").read_text(encoding="utf-8")) for name in _DATA_FILES
    }


@lru_cache(maxsize=1)
def load_rulebook() -> Rulebook:
    """The validated rulebook shipped with the package (parsed once per process)."""
    return parse_rulebook(read_data_files())
