"""Grants as a 360Giving data package (standard 1.4).

What counts as a grant (decided in ``veier.opendata.selectors``):

* every de minimis grant in the register: aid a public body has decided to give an undertaking,
  with its date, amount and legal basis; and
* a collaboration in the form «grant» (tilskudd) once it has reached an awarded stage and has a
  value, unless the register already holds the same public body's aid of the same amount to
  one of its entrepreneurs (then it is the same grant, recorded twice).

Identifiers. A 360Giving grant id is the publisher's registered prefix followed by its own id.
Veier uses ``360G-veier`` (setting ``VEIER_360GIVING_PREFIX``); a real publisher registers its
prefix with 360Giving and sets it. The rest of the id says where the grant comes from, since the
register and the collaborations number their rows independently: ``360G-veier-deminimis-12``,
``360G-veier-collaboration-7``. Organisations are ``NO-BRC-<orgnr>``; see ``records.py`` for
what is published about them.

Amounts are in NOK as recorded, as JSON numbers. ``beneficiaryLocation`` is the public body's
kommune (or fylke): the area whose residents the grant is given for. Its number goes in
``geoCode``; ``geoCodeType`` is left out because 360Giving's codelist has no Norwegian types.

No Django imports.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from veier.opendata.records import Grant, Party, number, scrub, timestamp

VERSION = "1.4"
DEFAULT_PREFIX = "360G-veier"
CURRENCY = "NOK"
COUNTRY = "NO"

# Texts that go into the data. Open data is published once, in Norwegian, whatever language a
# reader's browser asks for, so these are data, not interface strings.
PACKAGE_TITLE = "Tilskudd og bagatellstøtte registrert på Veier"
PACKAGE_DESCRIPTION = (
    "Bagatellmessig støtte og tilskudd som offentlige virksomheter har registrert på Veier og valgt å publisere "
    "som åpne data. Beløp i norske kroner. Navn på enkeltpersonforetak er ikke med."
)
AREA_DESCRIPTIONS = {"kommune": "Kommune (geoCode er kommunenummeret)",
                     "fylke": "Fylke (geoCode er fylkesnummeret)"}
DEMINIMIS_PROGRAMMES = {
    "general": ("bagatellstotte", "Bagatellmessig støtte"),
    "sgei": ("bagatellstotte-sgei", "Bagatellmessig støtte til tjenester av allmenn økonomisk betydning (SGEI)"),
}


@dataclass(frozen=True)
class PackageInfo:
    """Who publishes the package, under which licence, and where it lives."""

    modified: datetime
    publisher_name: str
    license_url: str
    publisher_website: str = ""
    access_url: str = ""
    download_url: str = ""
    prefix: str = DEFAULT_PREFIX


def deminimis_texts(*, kind: str, purpose: str, legal_basis: str, recipient: Party) -> tuple[str, str]:
    """Title and description of a de minimis grant.

    The purpose is the public body's own words about the recipient; when the recipient's name is
    withheld, so is the purpose, which would often name the same person.
    """
    _code, programme = DEMINIMIS_PROGRAMMES.get(kind, DEMINIMIS_PROGRAMMES["general"])
    purpose = "" if recipient.name_withheld else scrub(purpose)
    title = purpose or programme
    description = f"{programme}. Rettslig grunnlag: {scrub(legal_basis)}."
    if purpose:
        description += f" Formål: {purpose}."
    return title, description


def _organisation(party: Party, prefix: str) -> dict[str, Any]:
    org_id = party.org_id or f"{prefix}-{party.local_id}"
    return {"id": org_id, "name": party.published_name}


def grant_id(grant: Grant, prefix: str = DEFAULT_PREFIX) -> str:
    return f"{prefix}-{grant.source}-{grant.pk}"


def build_grant(grant: Grant, info: PackageInfo) -> dict[str, Any]:
    title = scrub(grant.title)
    document: dict[str, Any] = {
        "id": grant_id(grant, info.prefix),
        "title": title,
        "description": scrub(grant.description) or title,
        "currency": CURRENCY,
        "amountAwarded": number(grant.amount_nok),
        "awardDate": grant.award_date.isoformat(),
        "recipientOrganization": [_organisation(party, info.prefix) for party in grant.recipients],
        "fundingOrganization": [_organisation(grant.funder, info.prefix)],
    }
    if grant.start_date:
        dates = {"startDate": grant.start_date.isoformat()}
        if grant.end_date:
            dates["endDate"] = grant.end_date.isoformat()
        document["plannedDates"] = [dates]
    if grant.area:
        document["beneficiaryLocation"] = [{
            "name": grant.area.name, "countryCode": COUNTRY, "geoCode": grant.area.code,
            "description": AREA_DESCRIPTIONS[grant.area.kind],
        }]
    if grant.programme_code:
        document["grantProgramme"] = [{"code": grant.programme_code, "title": grant.programme_title}]
    document["dateModified"] = timestamp(grant.modified)
    if info.access_url:
        document["dataSource"] = info.access_url
    return document


def build_package(grants: Iterable[Grant], info: PackageInfo) -> dict[str, Any]:
    """A 360Giving package holding the grants in the order given (an empty list when there are none)."""
    package: dict[str, Any] = {
        "version": VERSION,
        "title": PACKAGE_TITLE,
        "description": PACKAGE_DESCRIPTION,
        "identifier": f"{info.prefix}-grants",
        "issued": timestamp(info.modified),
        "modified": timestamp(info.modified),
        "publisher": {"name": info.publisher_name},
        "license": info.license_url,
    }
    if info.publisher_website:
        package["publisher"]["website"] = info.publisher_website
    if info.access_url:
        package["accessURL"] = info.access_url
    if info.download_url:
        package["downloadURL"] = info.download_url
    package["grants"] = [build_grant(grant, info) for grant in grants]
    return package
