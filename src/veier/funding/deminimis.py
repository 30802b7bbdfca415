"""The de minimis ceiling check: plain Python over the advisor's dated state-aid ceilings.

Every amount and date comes from ``veier/advisor/rules/state_aid.toml`` (through the rulebook);
which three years a ceiling counts comes from ``data/deminimis_periods.toml``. Nothing legal is
hard-coded here. As we read the regulations:

* The ceiling that applies to a grant is the one in force on the date it is granted.
* Regulation 1407/2013 (and 360/2012 for SGEI) count the current fiscal year and the two before it;
  Veier takes a fiscal year to be the calendar year. Regulations 2023/2831 and 2023/2832 (in force in
  Norway from 2024-11-11) count any period of three years, so we look back three years from the grant
  date, the grant date included.
* General de minimis aid alone must stay within the general ceiling. General and SGEI aid together
  must stay within the SGEI ceiling (the cumulation rules of both regulations).
* Amounts are compared in EUR, each grant converted with the exchange rate recorded with it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from importlib import resources

from veier.advisor.rulebook import Rulebook, Threshold, load_rulebook

GENERAL = "general"
SGEI = "sgei"
CEILING_KEYS = {GENERAL: "de_minimis", SGEI: "de_minimis_sgei"}
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Aid:
    """One grant as the check needs it."""

    granted_on: date
    amount_nok: Decimal
    eur_rate: Decimal
    kind: str = GENERAL

    @property
    def amount_eur(self) -> Decimal:
        return (self.amount_nok / self.eur_rate).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Limit:
    """One ceiling applied on one date: what counts, what was used and what is left."""

    key: str
    ceiling_id: str
    ceiling_eur: Decimal
    period_rule: str
    window_start: date
    window_end: date
    used_eur: Decimal
    source: str

    @property
    def headroom_eur(self) -> Decimal:
        return max(self.ceiling_eur - self.used_eur, Decimal(0))

    @property
    def exceeded(self) -> bool:
        return self.used_eur > self.ceiling_eur


@dataclass(frozen=True)
class Assessment:
    """The limits that apply to aid granted on ``on`` (after adding ``new`` when given)."""

    on: date
    limits: tuple[Limit, ...]

    @property
    def exceeded(self) -> bool:
        return any(limit.exceeded for limit in self.limits)

    @property
    def binding(self) -> Limit:
        """The limit with the least headroom: the one that decides how much more may be given."""
        return min(self.limits, key=lambda limit: (limit.headroom_eur, limit.key != CEILING_KEYS[GENERAL]))


@lru_cache(maxsize=1)
def period_rules() -> dict[str, str]:
    text = resources.files("veier.funding").joinpath("data/deminimis_periods.toml").read_text(encoding="utf-8")
    rules = {row["ceiling"]: row["rule"] for row in tomllib.loads(text)["period"]}
    if set(rules.values()) - {"fiscal_years", "rolling"}:
        raise ValueError("deminimis_periods.toml: rule must be fiscal_years or rolling")
    return rules


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def window(ceiling: Threshold, on: date) -> tuple[date, date, str]:
    """The first and last day whose aid counts against ``ceiling`` for a grant on ``on``."""
    years = ceiling.period_years or 3
    rule = period_rules().get(ceiling.id, "rolling")
    if rule == "fiscal_years":
        return date(on.year - (years - 1), 1, 1), on, rule
    start = _years_before(on, years)
    return date.fromordinal(start.toordinal() + 1), on, rule


def ceiling_at(key: str, on: date, rulebook: Rulebook | None = None) -> Threshold:
    return (rulebook or load_rulebook()).threshold_at(key, on)


def assess(history: Iterable[Aid], on: date, *, kind: str = GENERAL, new: Aid | None = None,
           rulebook: Rulebook | None = None) -> Assessment:
    """Check the aid in ``history`` (plus ``new``) against the ceilings in force on ``on``.

    ``kind`` is the kind of the grant being checked: general aid is held to both the general and
    the SGEI ceiling, SGEI aid to the SGEI ceiling only. Raises LookupError when no ceiling is
    known for the date (before the rule data's coverage).
    """
    book = rulebook or load_rulebook()
    grants = [*history, *([new] if new else [])]
    keys = [CEILING_KEYS[GENERAL], CEILING_KEYS[SGEI]] if kind == GENERAL else [CEILING_KEYS[SGEI]]
    limits = []
    for key in keys:
        ceiling = ceiling_at(key, on, book)
        start, end, rule = window(ceiling, on)
        counted = [g for g in grants if start <= g.granted_on <= end
                   and (key == CEILING_KEYS[SGEI] or g.kind == GENERAL)]
        used = sum((g.amount_eur for g in counted), Decimal(0))
        limits.append(Limit(key=key, ceiling_id=ceiling.id, ceiling_eur=Decimal(ceiling.value), period_rule=rule,
                            window_start=start, window_end=end, used_eur=used, source=ceiling.source))
    return Assessment(on=on, limits=tuple(limits))


def timeline(grants: Iterable[Aid], *, rulebook: Rulebook | None = None) -> list[tuple[Aid, Assessment]]:
    """Each grant with the assessment on its own date, counting the grants up to and including it."""
    ordered = sorted(grants, key=lambda g: g.granted_on)
    result = []
    for index, grant in enumerate(ordered):
        earlier = ordered[:index]
        result.append((grant, assess(earlier, grant.granted_on, kind=grant.kind, new=grant, rulebook=rulebook)))
    return result
