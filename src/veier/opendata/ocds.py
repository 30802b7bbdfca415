"""Collaborations that went through procurement, as an OCDS 1.1 release package.

What counts as procurement (decided in ``veier.opendata.selectors``): a collaboration whose form
is one of the advisor's purchasing forms (direct purchase, pilot agreement, subscription,
operating agreement, the competitions, innovation partnership, pre-commercial procurement,
framework agreement, reserved contracts, outcome contract), once it has reached an awarded
stage (pilot or later). Exploratory agreements and R&D cooperation count only when the saved
advisor assessment puts them under a procurement regime, because the advisor recommends both
precisely when there is no purchase. A grant is never procurement (it goes to 360Giving), and
nothing counts when the saved assessment says «not procurement» (no mutual obligations).
Collaborations at the idea or dialogue stage have awarded nothing and are not published.

One release per collaboration, describing its current state: tender (the form as the
procurement method), one award and one contract with the value and period. The release id
carries the collaboration's last change, so a harvester sees a new release when it changes.

Identifiers. An ocid is a registered prefix plus the publisher's own id: ``<prefix>-<pk>``. A
real publisher registers a prefix with the Open Contracting Partnership and sets it in
``VEIER_OCDS_PREFIX``; the default ``ocds-veier0`` is a placeholder that is not registered.
Parties are ``NO-BRC-<orgnr>`` with the identifier scheme ``NO-BRC``; no contact points are
published (see ``records.py``).

``procurementMethod`` uses OCDS's closed codelist only where the form decides it; otherwise it
is null and ``procurementMethodDetails`` names the form in Norwegian. Values exclude VAT.

No Django imports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from veier.opendata.records import ORG_ID_SCHEME, Contract, Party, number, scrub, timestamp

VERSION = "1.1"
DEFAULT_OCID_PREFIX = "ocds-veier0"
OCID_PREFIX_FORMAT = re.compile(r"^ocds-[a-z0-9]{6}$")
CURRENCY = "NOK"
LANGUAGE = "nb"
OSLO = ZoneInfo("Europe/Oslo")

# The method follows from the form itself.
METHOD_BY_FORM = {
    "direct_purchase": "direct",
    "open_competition": "open",
    "competitive_dialogue": "selective",  # always with prequalification
    "innovation_partnership": "selective",  # always with prequalification
    "reserved_nonprofit": "selective",  # only non-profit organisations may take part
    "reserved_work_integration": "selective",  # only work-integration undertakings may take part
}
# Forms agreed with one chosen partner: a direct award when the value is outside the rules; under
# Part I the buyer may have asked several suppliers first, which we cannot tell.
CHOSEN_PARTNER_FORMS = frozenset({"pilot_agreement", "subscription", "exploratory_agreement", "rnd_cooperation"})


@dataclass(frozen=True)
class PackageInfo:
    uri: str
    published: datetime
    publisher_name: str
    license_url: str
    publisher_uri: str = ""
    ocid_prefix: str = DEFAULT_OCID_PREFIX

    def __post_init__(self):
        if not OCID_PREFIX_FORMAT.match(self.ocid_prefix):
            raise ValueError(f"An ocid prefix is «ocds-» and six letters or digits, not {self.ocid_prefix!r}")


def procurement_method(form: str, regime: str = "") -> str | None:
    """The OCDS method (open, selective, limited, direct) when the form and regime decide it, else None."""
    if form in METHOD_BY_FORM:
        return METHOD_BY_FORM[form]
    if form in CHOSEN_PARTNER_FORMS and regime == "outside":
        return "direct"
    return None


def _day_start(day: date) -> str:
    return datetime.combine(day, time(0, 0), OSLO).isoformat()


def _day_end(day: date) -> str:
    return datetime.combine(day, time(23, 59, 59), OSLO).isoformat()


def ocid(contract: Contract, prefix: str = DEFAULT_OCID_PREFIX) -> str:
    return f"{prefix}-{contract.pk}"


def _party_id(party: Party) -> str:
    return party.org_id or f"veier-{party.local_id}"


def _party(party: Party, role: str) -> dict[str, Any]:
    document: dict[str, Any] = {"id": _party_id(party), "name": party.published_name, "roles": [role]}
    if party.orgnr:
        document["identifier"] = {"scheme": ORG_ID_SCHEME, "id": party.orgnr, "legalName": party.published_name}
    return document


def _reference(party: Party) -> dict[str, str]:
    return {"id": _party_id(party), "name": party.published_name}


def build_release(contract: Contract, info: PackageInfo) -> dict[str, Any]:
    process = ocid(contract, info.ocid_prefix)
    title = scrub(contract.title)
    description = scrub(contract.description)
    value = {"amount": number(contract.value_nok), "currency": CURRENCY} if contract.value_nok is not None else None
    period = {}
    if contract.start_date:
        period["startDate"] = _day_start(contract.start_date)
    if contract.end_date:
        period["endDate"] = _day_end(contract.end_date)
    award_id, contract_id = f"{process}-award-1", f"{process}-contract-1"

    tender: dict[str, Any] = {
        "id": f"{process}-tender",
        "title": title,
        "status": "complete",
        "procurementMethod": procurement_method(contract.form, contract.regime),
        "procurementMethodDetails": contract.form_title or contract.form,
        "mainProcurementCategory": "services",
    }
    award: dict[str, Any] = {
        "id": award_id, "title": title, "status": "active", "date": _day_start(contract.awarded_on),
        "suppliers": [_reference(party) for party in contract.suppliers],
    }
    agreement: dict[str, Any] = {
        "id": contract_id, "awardID": award_id, "title": title,
        "status": "terminated" if contract.ended else "active",
    }
    if description:
        tender["description"] = description
        agreement["description"] = description
    if value:
        award["value"] = value
        agreement["value"] = dict(value)
    if period:
        award["contractPeriod"] = period
        agreement["period"] = dict(period)

    return {
        "ocid": process,
        "id": f"{process}-{contract.modified.astimezone(UTC):%Y%m%dT%H%M%SZ}",
        "date": timestamp(contract.modified),
        "tag": ["tender", "award", "contract", *(["contractTermination"] if contract.ended else [])],
        "initiationType": "tender",
        "language": LANGUAGE,
        "parties": [_party(contract.buyer, "buyer"), *(_party(party, "supplier") for party in contract.suppliers)],
        "buyer": _reference(contract.buyer),
        "tender": tender,
        "awards": [award],
        "contracts": [agreement],
    }


def build_package(contracts: Iterable[Contract], info: PackageInfo) -> dict[str, Any]:
    """An OCDS release package with one release per contract (an empty list when there are none)."""
    publisher: dict[str, Any] = {"name": info.publisher_name}
    if info.publisher_uri:
        publisher["uri"] = info.publisher_uri
    return {
        "uri": info.uri,
        "version": VERSION,
        "publishedDate": timestamp(info.published),
        "publisher": publisher,
        "license": info.license_url,
        "releases": [build_release(contract, info) for contract in contracts],
    }
