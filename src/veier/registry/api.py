"""API route for the register copy: one unit by organisation number."""

from __future__ import annotations

from datetime import date

from ninja import Router, Schema
from ninja.responses import Status

from veier.api.schemas import ErrorOut
from veier.registry.selectors import VERDICT_MESSAGES, unit_status, verify_orgnr

router = Router(tags=["registry"])


class OrganisationFormOut(Schema):
    code: str
    description: str


class NaeringskodeOut(Schema):
    code: str
    description: str


class AddressOut(Schema):
    lines: list[str]
    postnummer: str
    poststed: str
    kommunenummer: str


class RegistryUnitOut(Schema):
    orgnr: str
    name: str
    status: str
    organisation_form: OrganisationFormOut | None
    naeringskode: NaeringskodeOut | None
    kommunenummer: str
    business_address: AddressOut | None
    konkurs: bool
    under_avvikling: bool
    under_tvangsavvikling: bool
    slettedato: date | None
    in_frivillighetsregisteret: bool
    hjemmeside: str


def unit_out(unit) -> dict:
    address = None
    if unit.business_address or unit.business_postnummer:
        address = {
            "lines": unit.business_address.splitlines(), "postnummer": unit.business_postnummer,
            "poststed": unit.business_poststed, "kommunenummer": unit.business_kommunenummer,
        }
    form = unit.organisation_form
    return {
        "orgnr": unit.orgnr,
        "name": unit.name,
        "status": unit_status(unit),
        "organisation_form": {"code": form.code, "description": form.description} if form else None,
        "naeringskode": (
            {"code": unit.naeringskode, "description": unit.naeringskode_description} if unit.naeringskode else None
        ),
        "kommunenummer": unit.kommunenummer,
        "business_address": address,
        "konkurs": unit.konkurs,
        "under_avvikling": unit.under_avvikling,
        "under_tvangsavvikling": unit.under_tvangsavvikling,
        "slettedato": unit.slettedato,
        "in_frivillighetsregisteret": unit.in_frivillighetsregisteret,
        "hjemmeside": unit.hjemmeside,
    }


@router.get(
    "/registry/{orgnr}", response={200: RegistryUnitOut, 404: ErrorOut, 422: ErrorOut, 503: ErrorOut},
    summary="A unit of Enhetsregisteret by organisation number, with its status (ok, bankrupt, winding_up, deleted)",
)
def get_registry_unit(request, orgnr: str):
    verdict = verify_orgnr(orgnr)
    if verdict.status in {"format", "checksum"}:
        return Status(422, {"detail": str(VERDICT_MESSAGES[verdict.status])})
    if verdict.status == "not_loaded":
        return Status(503, {"detail": str(VERDICT_MESSAGES["not_loaded"])})
    if verdict.unit is None:
        return Status(404, {"detail": str(VERDICT_MESSAGES["unknown"])})
    return Status(200, unit_out(verdict.unit))
