"""Reads for the register copy: finding a unit and verifying an organisation number against it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from veier.organisations.orgnr import OrgnrError, normalise
from veier.registry.models import RegistryUnit

VERDICT_MESSAGES: dict[str, Promise] = {
    "ok": _("This organisation is registered in the Central Coordinating Register for Legal Entities "
            "(Enhetsregisteret)."),
    "format": _("An organisation number has nine digits, for example 974 760 673. Please check the number."),
    "checksum": _("This is not a valid organisation number: the last digit does not match. "
                  "Please check for a mistyped digit."),
    "unknown": _("We could not find this organisation number in the Central Coordinating Register for Legal "
                 "Entities (Enhetsregisteret). Please check the number."),
    "deleted": _("This organisation is deleted from the Central Coordinating Register for Legal Entities "
                 "(Enhetsregisteret)."),
    "bankrupt": _("This organisation is registered as bankrupt in the Central Coordinating Register for Legal "
                  "Entities (Enhetsregisteret)."),
    "winding_up": _("This organisation is being wound up according to the Central Coordinating Register for Legal "
                    "Entities (Enhetsregisteret)."),
    "not_loaded": _("We cannot check organisation numbers against the Central Coordinating Register for Legal "
                    "Entities (Enhetsregisteret) at the moment. Please try again later."),
}


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking an organisation number; `unit` is set whenever the register knows it.

    `status` is one of VERDICT_MESSAGES' keys. Only "ok" means the organisation may be registered
    as an active entrepreneur; "bankrupt", "winding_up" and "deleted" still carry the unit, so a
    form can show which organisation was meant.
    """

    status: str
    orgnr: str
    unit: RegistryUnit | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def message(self) -> str:
        return str(VERDICT_MESSAGES[self.status])


def get_unit(orgnr: str) -> RegistryUnit | None:
    """The unit with this organisation number (typed with or without spaces), or None."""
    try:
        orgnr = normalise(orgnr)
    except OrgnrError:
        return None
    return RegistryUnit.objects.select_related("organisation_form").filter(orgnr=orgnr).first()


def registry_is_loaded() -> bool:
    """Whether a bulk file has been imported; before that, "unknown" would be a false alarm."""
    return RegistryUnit.objects.exists()


def verify_orgnr(value: str) -> Verdict:
    """Check an organisation number's form, then whether the register knows it and in what state.

    The order matters: a mistyped number is reported as such even when the register is not
    loaded, and a deleted unit is reported as deleted even if it went bankrupt first.
    """
    try:
        orgnr = normalise(value)
    except OrgnrError as error:
        return Verdict(status=error.code, orgnr=str(value).strip())
    unit = get_unit(orgnr)
    if unit is None:
        return Verdict(status="unknown" if registry_is_loaded() else "not_loaded", orgnr=orgnr)
    return Verdict(status=unit_status(unit), orgnr=orgnr, unit=unit)


def unit_status(unit: RegistryUnit) -> str:
    if unit.is_deleted:
        return "deleted"
    if unit.konkurs:
        return "bankrupt"
    if unit.under_avvikling or unit.under_tvangsavvikling:
        return "winding_up"
    return "ok"


def prefill(unit: RegistryUnit) -> dict[str, str]:
    """Initial values for the entrepreneur registration form, from the register.

    The name is as registered (often in capitals). A sole proprietorship has no address here,
    because none is stored for it (see models.py).
    """
    return {
        "name": unit.name,
        "organisation_form": unit.organisation_form_id or "",
        "kommunenummer": unit.kommunenummer,
        "business_address": unit.business_address,
        "postnummer": unit.business_postnummer,
        "poststed": unit.business_poststed,
    }
