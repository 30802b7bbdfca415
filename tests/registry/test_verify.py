"""Verifying an organisation number against the register copy, and pre-filling the registration form."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from tests.registry.conftest import BRREG, EQUINOR, NUMBERS, address, unit, write_bulk
from veier.registry.importer import import_bulk_file
from veier.registry.selectors import VERDICT_MESSAGES, get_unit, prefill, registry_is_loaded, verify_orgnr

pytestmark = pytest.mark.django_db

ACTIVE, BANKRUPT, WINDING_UP, DISSOLVED, DELETED, SOLE = NUMBERS[:6]


@pytest.fixture
def loaded_registry(tmp_path):
    """A register copy with one unit in each state."""
    units = [
        unit(ACTIVE, "BESØKSVENN AS", forretningsadresse=address(["Kongens gate 1", "2. etasje"], "7011",
                                                                    "TRONDHEIM", "5001", "TRONDHEIM")),
        unit(BANKRUPT, "GJELD AS", konkurs=True, konkursdato="2025-03-01"),
        unit(WINDING_UP, "AVVIKLING AS", underAvvikling=True),
        unit(DISSOLVED, "TVANG AS", underTvangsavviklingEllerTvangsopplosning=True),
        {"organisasjonsnummer": DELETED, "navn": "BORTE AS", "slettedato": "2024-06-30", "konkurs": True,
         "organisasjonsform": {"kode": "AS", "beskrivelse": "Aksjeselskap"}},
        unit(SOLE, "OLA NORDMANN", form=("ENK", "Enkeltpersonforetak")),
    ]
    import_bulk_file(write_bulk(tmp_path / "enheter.json.gz", units))


@pytest.mark.parametrize(
    ("typed", "status"),
    [
        (ACTIVE, "ok"),
        (f"{ACTIVE[:3]} {ACTIVE[3:6]} {ACTIVE[6:]}", "ok"),
        (BANKRUPT, "bankrupt"),
        (WINDING_UP, "winding_up"),
        (DISSOLVED, "winding_up"),
        (DELETED, "deleted"),
        (EQUINOR, "unknown"),
        ("97476067", "format"),
        ("974 760 67x", "format"),
        ("974760674", "checksum"),
    ],
)
def test_each_number_gets_the_verdict_its_register_state_calls_for(loaded_registry, typed, status):
    verdict = verify_orgnr(typed)

    assert verdict.status == status
    assert verdict.ok is (status == "ok")
    assert (verdict.unit is not None) is (status in {"ok", "bankrupt", "winding_up", "deleted"})


def test_a_deleted_unit_is_reported_deleted_even_when_it_went_bankrupt_first(loaded_registry):
    verdict = verify_orgnr(DELETED)

    assert (verdict.status, verdict.unit.konkurs, verdict.unit.slettedato) == (
        "deleted", True, datetime.date(2024, 6, 30)
    )


def test_before_any_import_a_well_formed_number_cannot_be_checked(db):
    assert not registry_is_loaded()
    assert verify_orgnr(BRREG).status == "not_loaded"
    assert verify_orgnr("974760674").status == "checksum"


def test_every_verdict_has_a_polite_message_that_names_the_register():
    assert set(VERDICT_MESSAGES) == {"ok", "format", "checksum", "unknown", "deleted", "bankrupt", "winding_up",
                                     "not_loaded"}
    with translation.override("en"):
        assert str(VERDICT_MESSAGES["deleted"]) == (
            "This organisation is deleted from the Central Coordinating Register for Legal Entities "
            "(Enhetsregisteret)."
        )
        for status in ("ok", "unknown", "deleted", "bankrupt", "winding_up", "not_loaded"):
            assert "Enhetsregisteret" in str(VERDICT_MESSAGES[status])


def test_get_unit_accepts_spaces_and_returns_none_for_rubbish(loaded_registry):
    assert get_unit(f"{ACTIVE[:3]} {ACTIVE[3:6]} {ACTIVE[6:]}").name == "BESØKSVENN AS"
    assert get_unit("not a number") is None


def test_prefill_gives_the_registration_form_what_the_register_knows(loaded_registry):
    assert prefill(get_unit(ACTIVE)) == {
        "name": "BESØKSVENN AS", "organisation_form": "AS", "kommunenummer": "5001",
        "business_address": "Kongens gate 1\n2. etasje", "postnummer": "7011", "poststed": "TRONDHEIM",
    }


def test_prefill_for_a_sole_proprietorship_has_no_address(loaded_registry):
    assert prefill(get_unit(SOLE)) == {
        "name": "OLA NORDMANN", "organisation_form": "ENK", "kommunenummer": "1103",
        "business_address": "", "postnummer": "", "poststed": "",
    }
