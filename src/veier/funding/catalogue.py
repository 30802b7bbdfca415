"""Read and validate the packaged funding catalogue (``data/schemes.toml``) and load it into the database.

``parse_catalogue`` is plain Python so tests can prove that broken data is refused; ``load_catalogue``
takes a model getter (``apps.get_model`` in a migration, ``django.apps.apps.get_model`` elsewhere) so the
data migration and the ``load_funding`` command share one code path. Loading is idempotent: rows are
matched on ``slug`` and updated, so running it twice changes nothing.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from datetime import date
from importlib import resources
from typing import Any

APPLICANTS = frozenset({"entrepreneur", "voluntary", "kommune", "fylkeskommune", "state_agency", "research"})
KINDS = frozenset({"grant", "foundation", "investment", "research", "loan"})
UNVERIFIABLE = frozenset({"amount", "deadlines", "applicants", "organisation_forms", "conditions", "url"})
_DEADLINE = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
_URL = re.compile(r"^https?://\S+$")
_FORM = re.compile(r"^[A-Z]{2,5}$")
REQUIRED = ("slug", "name", "provider", "kind", "applicants", "conditions_nb", "conditions_en", "url", "source",
            "last_checked")


class CatalogueError(ValueError):
    def __init__(self, problems: Iterable[str]):
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


def _problems(row: dict[str, Any], service_areas: frozenset[str] | None) -> list[str]:
    where = row.get("slug", "?")
    found = [f"{where}: missing {name}" for name in REQUIRED if name not in row]
    if row.get("kind") not in KINDS:
        found.append(f"{where}: unknown kind {row.get('kind')!r}")
    unknown = set(row.get("applicants", [])) - APPLICANTS
    if unknown or not row.get("applicants"):
        found.append(f"{where}: applicants must be some of {sorted(APPLICANTS)}")
    for form in row.get("organisation_forms", []):
        if not _FORM.match(form):
            found.append(f"{where}: bad organisation form {form!r}")
    for deadline in row.get("deadlines", []):
        if not _DEADLINE.match(str(deadline)):
            found.append(f"{where}: deadline {deadline!r} is not MM-DD")
    if row.get("rolling") and row.get("deadlines"):
        found.append(f"{where}: a rolling scheme has no deadlines")
    for name in ("url", "source"):
        if name in row and not _URL.match(str(row[name])):
            found.append(f"{where}: {name} is not a URL")
    if "last_checked" in row and not isinstance(row["last_checked"], date):
        found.append(f"{where}: last_checked must be a date")
    low, high = row.get("amount_min_nok"), row.get("amount_max_nok")
    for value in (low, high):
        if value is not None and (not isinstance(value, int) or value < 0):
            found.append(f"{where}: amounts are whole, non-negative NOK")
    if isinstance(low, int) and isinstance(high, int) and high < low:
        found.append(f"{where}: amount_max_nok is below amount_min_nok")
    if set(row.get("unverified", [])) - UNVERIFIABLE:
        found.append(f"{where}: unverified may only name {sorted(UNVERIFIABLE)}")
    if service_areas is not None and set(row.get("service_areas", [])) - service_areas:
        found.append(f"{where}: unknown service areas {sorted(set(row['service_areas']) - service_areas)}")
    return found


def parse_catalogue(data: dict[str, Any], *, service_areas: frozenset[str] | None = None) -> list[dict[str, Any]]:
    """Validate the parsed TOML and return its schemes; raise CatalogueError listing every problem."""
    rows = data.get("scheme", [])
    problems: list[str] = []
    seen: set[str] = set()
    for row in rows:
        problems += _problems(row, service_areas)
        if row.get("slug") in seen:
            problems.append(f"{row['slug']}: duplicate slug")
        seen.add(row.get("slug"))
    if problems:
        raise CatalogueError(problems)
    return rows


def read_packaged() -> dict[str, Any]:
    text = resources.files("veier.funding").joinpath("data/schemes.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def load_catalogue(get_model: Callable[[str, str], Any]) -> int:
    """Create or update every packaged scheme; return how many there are."""
    Scheme = get_model("funding", "FundingScheme")
    ServiceArea = get_model("reference", "ServiceArea")
    codes = frozenset(ServiceArea.objects.values_list("code", flat=True))
    rows = parse_catalogue(read_packaged(), service_areas=codes or None)
    for row in rows:
        values = {
            "name": row["name"], "provider": row["provider"], "kind": row["kind"],
            "applicants": list(row["applicants"]), "organisation_forms": list(row.get("organisation_forms", [])),
            "amount_min_nok": row.get("amount_min_nok"), "amount_max_nok": row.get("amount_max_nok"),
            "deadlines": list(row.get("deadlines", [])), "rolling": bool(row.get("rolling", False)),
            "conditions_nb": row["conditions_nb"], "conditions_en": row["conditions_en"],
            "url": row["url"], "source": row["source"], "last_checked": row["last_checked"],
            "unverified": list(row.get("unverified", [])), "note": row.get("note", ""),
        }
        scheme, _created = Scheme.objects.update_or_create(slug=row["slug"], defaults=values)
        if codes:
            scheme.service_areas.set(ServiceArea.objects.filter(code__in=row.get("service_areas", [])))
    return len(rows)
