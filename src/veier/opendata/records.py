"""The plain records the open-data builders turn into 360Giving and OCDS documents.

Selectors fill these from the database; the builders never see a model. What may be published
about an organisation is decided here, in one place, so both standards apply the same rule:

* Organisations are identified by their organisation number as ``NO-BRC-<orgnr>`` (the
  org-id.guide prefix for Brønnøysundregistrene). One without an organisation number gets a
  Veier-local id instead and no registry identifier.
* Veier itself names no person. The exports hold organisations, amounts, dates and the public body's
  area; never users, contact people, e-mail addresses or telephone numbers.
* A sole proprietorship (ENK, and PERS for other individuals in Enhetsregisteret) is named after
  its owner, so its name is personal data. Brønnøysundregistrene publishes it, but an open-data
  file is copied and combined far beyond the register's own look-up, and nothing in these
  exports needs the name: the organisation number identifies the undertaking for anyone entitled
  to look it up, and for de minimis cumulation. So the name is replaced by «Enkeltpersonforetak»
  (data minimisation, GDPR art. 5(1)(c)). The same holds when the form is not known (the local
  copy of the register lacks the unit and no profile says), since we cannot rule out a person's
  name; then the placeholder is «Navn ikke publisert». Free text written about such a recipient
  (a grant's purpose, a collaboration's title and description) is left out for the same reason.
* Titles and descriptions are the public body's own free text, published as written (the page
  where a body opts in asks it not to write personal data there); e-mail addresses in them are
  masked before export, but a person's name in free text cannot be detected.

No Django imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from veier.ops.logfilters import mask as mask_email_addresses
from veier.registry.bulkfile import PERSONAL_FORMS

ORG_ID_SCHEME = "NO-BRC"
PERSONAL_NAME = "Enkeltpersonforetak"
UNKNOWN_FORM_NAME = "Navn ikke publisert"


@dataclass(frozen=True)
class Party:
    """An organisation as an export may show it.

    ``form`` is the Enhetsregisteret organisation form code ("AS", "FLI", "ENK"...), "" when not
    known. Public bodies are never personal, whatever their form.
    """

    name: str
    orgnr: str = ""
    form: str = ""
    local_id: str = ""
    is_public_body: bool = False

    @property
    def org_id(self) -> str:
        """``NO-BRC-<orgnr>``, or "" when the organisation has no organisation number."""
        return f"{ORG_ID_SCHEME}-{self.orgnr}" if self.orgnr else ""

    @property
    def name_withheld(self) -> bool:
        if self.is_public_body:
            return False
        return not self.form or self.form in PERSONAL_FORMS

    @property
    def published_name(self) -> str:
        if not self.name_withheld:
            return self.name
        return PERSONAL_NAME if self.form in PERSONAL_FORMS else UNKNOWN_FORM_NAME


@dataclass(frozen=True)
class Area:
    """Where beneficiaries are: a kommune (four-digit number) or a fylke (two digits)."""

    name: str
    code: str
    kind: str  # "kommune" or "fylke"


@dataclass(frozen=True)
class Grant:
    """A grant for the 360Giving export. ``source`` and ``pk`` make the grant id unique."""

    source: str
    pk: int
    funder: Party
    recipients: tuple[Party, ...]
    amount_nok: Decimal
    award_date: date
    title: str
    description: str
    modified: datetime
    start_date: date | None = None
    end_date: date | None = None
    area: Area | None = None
    programme_code: str = ""
    programme_title: str = ""


@dataclass(frozen=True)
class Contract:
    """A collaboration that went through procurement, for the OCDS export.

    ``awarded_on`` is the day the collaboration first reached an awarded stage; ``ended`` says it
    has since ended. ``value_nok`` excludes VAT, as the collaboration records it.
    """

    pk: int
    buyer: Party
    suppliers: tuple[Party, ...]
    title: str
    description: str
    form: str
    form_title: str
    awarded_on: date
    modified: datetime
    value_nok: Decimal | None = None
    start_date: date | None = None
    end_date: date | None = None
    ended: bool = False
    regime: str = ""


def scrub(text: str) -> str:
    """Free text as it may be published: e-mail addresses masked, surrounding space removed."""
    return mask_email_addresses(text or "").strip()


def timestamp(moment: datetime) -> str:
    """An aware datetime as RFC 3339 in UTC, to the second: «2025-03-02T08:00:00Z»."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def number(amount: Decimal) -> int | float:
    """A JSON number for an amount: whole kroner as an integer, øre kept as a decimal fraction."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)
