"""The optional live lookup: off by default, and mapping the API's JSON as the import does."""

from __future__ import annotations

import datetime

import pytest

from veier.registry import lookup

# GET https://data.brreg.no/enhetsregisteret/api/enheter/923609016, abridged (Brønnøysundregistrene, NLOD 2.0).
EQUINOR = {
    "organisasjonsnummer": "923609016",
    "navn": "EQUINOR ASA",
    "organisasjonsform": {"kode": "ASA", "beskrivelse": "Allmennaksjeselskap",
                          "_links": {"self": {"href": "https://data.brreg.no/enhetsregisteret/api/organisasjonsformer/ASA"}}},
    "hjemmeside": "www.equinor.com",
    "postadresse": {"land": "Norge", "landkode": "NO", "postnummer": "4035", "poststed": "STAVANGER",
                    "adresse": ["Postboks 8500"], "kommune": "STAVANGER", "kommunenummer": "1103"},
    "registreringsdatoEnhetsregisteret": "1995-03-12",
    "registrertIMvaregisteret": True,
    "naeringskode1": {"kode": "06.100", "beskrivelse": "Utvinning av råolje"},
    "naeringskode2": {"kode": "06.200", "beskrivelse": "Utvinning av naturgass"},
    "antallAnsatte": 21408,
    "harRegistrertAntallAnsatte": True,
    "telefon": "51 99 00 00",
    "forretningsadresse": {"land": "Norge", "landkode": "NO", "postnummer": "4035", "poststed": "STAVANGER",
                           "adresse": ["Forusbeen 50"], "kommune": "STAVANGER", "kommunenummer": "1103"},
    "stiftelsesdato": "1972-09-18",
    "institusjonellSektorkode": {"kode": "1120", "beskrivelse": "Statlig eide aksjeselskaper mv."},
    "registrertIForetaksregisteret": True,
    "registrertIStiftelsesregisteret": False,
    "registrertIFrivillighetsregisteret": False,
    "sisteInnsendteAarsregnskap": "2024",
    "konkurs": False,
    "underAvvikling": False,
    "underTvangsavviklingEllerTvangsopplosning": False,
    "maalform": "Bokmål",
    "vedtektsdato": "2025-05-14",
    "erIKonsern": True,
    "kapital": {"belop": 6392018780.00, "antallAksjer": 2556807512, "type": "Aksjekapital", "valuta": "NOK",
                "innfortDato": "2025-07-02"},
    "_links": {"self": {"href": "https://data.brreg.no/enhetsregisteret/api/enheter/923609016"}},
    "respons_klasse": "Enhet",
}


def test_the_api_answer_maps_to_the_same_fields_as_an_imported_unit():
    unit = lookup.unit_from_json(EQUINOR)

    assert (unit.orgnr, unit.name, unit.organisation_form_id) == ("923609016", "EQUINOR ASA", "ASA")
    assert (unit.naeringskode, unit.naeringskode_description) == ("06.100", "Utvinning av råolje")
    assert (unit.business_address, unit.business_postnummer, unit.business_poststed, unit.kommunenummer) == (
        "Forusbeen 50", "4035", "STAVANGER", "1103"
    )
    assert (unit.antall_ansatte, unit.stiftelsesdato, unit.registreringsdato) == (
        21408, datetime.date(1972, 9, 18), datetime.date(1995, 3, 12)
    )
    assert (unit.hjemmeside, unit.konkurs, unit.slettedato, unit.pk is not None) == ("www.equinor.com", False, None,
                                                                                      True)
    assert not hasattr(unit, "telefon")
    assert len(unit.content_hash) == 32


def test_live_lookup_is_off_unless_switched_on(settings):
    assert not lookup.live_lookup_enabled()
    with pytest.raises(lookup.LiveLookupDisabled):
        lookup.fetch_unit("923609016")
    settings.BRREG_LIVE_LOOKUP = True
    assert lookup.live_lookup_enabled()
