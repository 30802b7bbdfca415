"""Small bulk files in the register's real format, written to tmp_path by each test that needs one."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from django.core.management import call_command

# Valid organisation numbers (MOD11). 974760673 is Registerenheten i Brønnøysund, 923609016 Equinor.
BRREG, EQUINOR = "974760673", "923609016"
NUMBERS = ["910000004", "910000012", "910000020", "910000039", "910000047", "910000055", "910000063",
           "910000071", "910000098", "910000101", "910000128", "910000136"]


def address(lines: list, postnummer: str, poststed: str, kommunenummer: str, kommune: str) -> dict:
    return {"land": "Norge", "landkode": "NO", "postnummer": postnummer, "poststed": poststed, "adresse": lines,
            "kommune": kommune, "kommunenummer": kommunenummer}


def unit(orgnr: str, name: str, form: tuple[str, str] = ("AS", "Aksjeselskap"), **fields) -> dict:
    """One unit as the bulk file has it; `fields` adds or replaces top-level keys."""
    record = {
        "organisasjonsnummer": orgnr,
        "navn": name,
        "organisasjonsform": {"kode": form[0], "beskrivelse": form[1],
                              "_links": {"self": {"href": f"https://data.brreg.no/enhetsregisteret/api/organisasjonsformer/{form[0]}"}}},
        "postadresse": address(["Postboks 8500"], "4035", "STAVANGER", "1103", "STAVANGER"),
        "registreringsdatoEnhetsregisteret": "1995-03-12",
        "registrertIMvaregisteret": True,
        "naeringskode1": {"kode": "88.991", "beskrivelse": "Velferdstjenester uten botilbud ellers"},
        "antallAnsatte": 12,
        "harRegistrertAntallAnsatte": True,
        "telefon": "51 99 00 00",
        "mobil": "900 00 000",
        "epostadresse": "post@example.no",
        "hjemmeside": "www.example.no",
        "forretningsadresse": address(["Forusbeen 50", None, ""], "4035", "STAVANGER", "1103", "STAVANGER"),
        "stiftelsesdato": "1972-09-18",
        "registrertIForetaksregisteret": True,
        "registrertIFrivillighetsregisteret": False,
        "konkurs": False,
        "konkursdato": "",
        "underAvvikling": False,
        "underTvangsavviklingEllerTvangsopplosning": False,
        "maalform": "Bokmål",
        "vedtektsfestetFormaal": ["Å drive arbeidstrening."],
        "aktivitet": [],
        "kapital": {"belop": 30000.00, "antallAksjer": 100, "type": "Aksjekapital", "valuta": "NOK"},
        "_links": {"self": {"href": f"https://data.brreg.no/enhetsregisteret/api/enheter/{orgnr}"}},
    }
    record.update(fields)
    return record


def write_bulk(path: Path, units: list[dict]) -> Path:
    """Write units as the register does: a gzip-compressed JSON array."""
    with gzip.open(path, "wt", encoding="utf-8") as out:
        json.dump(units, out, ensure_ascii=False, indent=1)
    return path


@pytest.fixture
def twelve_units() -> list[dict]:
    """Twelve ordinary companies and associations in Oslo."""
    return [
        unit(orgnr, f"ARBEIDSFELLESSKAP {n} AS", forretningsadresse=address([f"Storgata {n}"], "0155", "OSLO", "0301",
                                                                          "OSLO"))
        for n, orgnr in enumerate(NUMBERS, start=1)
    ]


@pytest.fixture
def bulk_file(tmp_path, twelve_units) -> Path:
    return write_bulk(tmp_path / "enheter_alle.json.gz", twelve_units)


@pytest.fixture
def run_import():
    """Run `veier import-brreg` and return what it printed."""

    def run(path: Path, *args: str) -> str:
        from io import StringIO

        out = StringIO()
        call_command("import_brreg", str(path), *args, stdout=out, stderr=StringIO())
        return out.getvalue()

    return run


def valid_numbers(count: int, start: int = 92000000) -> list[str]:
    """`count` valid organisation numbers, in order."""
    from veier.organisations.orgnr import is_valid

    numbers, stem = [], start
    while len(numbers) < count:
        numbers.extend(f"{stem}{control}" for control in range(10) if is_valid(f"{stem}{control}"))
        stem += 1
    return numbers[:count]


@pytest.fixture
def three_hundred_units() -> list[dict]:
    """Enough units (about 400 kB of JSON) that a damaged file fails after several batches."""
    return [unit(orgnr, f"VEKST {n} AS") for n, orgnr in enumerate(valid_numbers(300))]
