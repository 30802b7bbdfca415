"""Live lookup of one unit in Enhetsregisteret's open API, for when the local copy is not enough.

Off by default: set BRREG_LIVE_LOOKUP = True to allow Veier to call data.brreg.no (no key is
needed; the data is NLOD 2.0). The answer is mapped with the same unit_values() as the bulk
import, so a looked-up unit keeps exactly what an imported one would, and nothing more.
The result is an unsaved RegistryUnit; nothing here writes to the database.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import date

from django.conf import settings
from django.utils import timezone

from veier.organisations.orgnr import normalise
from veier.registry.bulkfile import DATE_FIELDS, VALUE_FIELDS, content_hash, unit_values
from veier.registry.models import RegistryUnit

API_URL = "https://data.brreg.no/enhetsregisteret/api/enheter/{orgnr}"
ACCEPT = "application/vnd.brreg.enhetsregisteret.enhet.v2+json, application/json"
TIMEOUT_SECONDS = 5


class LiveLookupDisabled(RuntimeError):
    """BRREG_LIVE_LOOKUP is off."""


def live_lookup_enabled() -> bool:
    return bool(getattr(settings, "BRREG_LIVE_LOOKUP", False))


def unit_from_json(data: dict) -> RegistryUnit:
    """An unsaved RegistryUnit from the API's JSON for one unit (also what the bulk file holds)."""
    values = unit_values(data)
    fields = dict(zip(VALUE_FIELDS, values, strict=True))
    for name in DATE_FIELDS:
        fields[name] = date.fromisoformat(fields[name]) if fields[name] else None
    return RegistryUnit(
        orgnr=normalise(data["organisasjonsnummer"]), content_hash=content_hash(values), updated_at=timezone.now(),
        **fields,
    )


def fetch_unit(orgnr: str) -> RegistryUnit | None:
    """The unit as the register describes it now, or None when the register does not know the number.

    A deleted unit is answered with HTTP 410 and a body with its slettedato, so it is returned,
    deleted. Raises LiveLookupDisabled when the setting is off and OSError when the register
    cannot be reached.
    """
    if not live_lookup_enabled():
        raise LiveLookupDisabled("BRREG_LIVE_LOOKUP is off")
    request = urllib.request.Request(API_URL.format(orgnr=normalise(orgnr)), headers={"Accept": ACCEPT})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - fixed https URL
            return unit_from_json(json.load(response))
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        if error.code == 410:
            return unit_from_json(json.load(error))
        raise
