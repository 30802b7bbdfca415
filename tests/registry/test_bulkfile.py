"""The bulk file reader's own organisation-number check agrees with organisations.orgnr."""

from __future__ import annotations

import gzip
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.registry.conftest import NUMBERS, unit
from veier.organisations import orgnr
from veier.registry import bulkfile
from veier.registry.bulkfile import BulkFile, valid_orgnr


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_the_fast_check_agrees_with_orgnr_on_nine_digits(digits):
    assert (valid_orgnr(digits) is not None) is orgnr.is_valid(digits)


@given(st.text(alphabet="0123456789 .-x", max_size=13))
def test_anything_else_is_normalised_by_orgnr(value):
    expected = orgnr.normalise(value) if orgnr.is_valid(value) else None
    assert valid_orgnr(value) == expected


def test_known_numbers():
    assert valid_orgnr("974760673") == "974760673"
    assert valid_orgnr("974 760 673") == "974760673"
    assert valid_orgnr("974760674") is None
    assert valid_orgnr("١٢٣٤٥٦٧٨٩") is None  # Arabic-Indic digits are digits, but not an organisation number


# The chunked reader: orjson on pieces cut between units, ijson where a piece cannot be cut -----------

# Text that looks like the boundary between two units, inside strings and nested objects.
TRICKY = [
    '},{"organisasjonsnummer":"910000004"}',
    '"}, {"organisasjonsnummer": "x"',
    "{[}]\\\"},{\"",
    "ÆØÅ æøå 𝄞 \u0000",
]


def read_units(path, *, chunk_size: int, monkeypatch, parser=...) -> list[dict]:
    monkeypatch.setattr(bulkfile, "CHUNK_SIZE", chunk_size)
    if parser is not ...:
        monkeypatch.setattr(bulkfile, "orjson", parser)
    with BulkFile(path) as bulk:
        return list(bulk._units())


def tricky_units() -> list[dict]:
    units = [unit(number, f"NAVN {TRICKY[n % len(TRICKY)]}") for n, number in enumerate(NUMBERS)]
    units[2]["aktivitet"] = TRICKY
    units[3]["paategninger"] = [{"organisasjonsnummer": NUMBERS[0], "tekst": TRICKY[0]}, {"organisasjonsnummer": "1"}]
    units[4]["kapital"] = {"belop": 123456789012.5, "antallAksjer": 9_000_000_000_000_000_000}
    return units


@pytest.mark.parametrize("chunk_size", [7, 100, 1000, 64 * 1024])
@pytest.mark.parametrize("separators", [(",", ":"), (", ", ": "), "indent"], ids=["compact", "spaced", "indented"])
def test_the_chunked_reader_reads_what_json_reads(tmp_path, monkeypatch, chunk_size, separators):
    units = tricky_units()
    text = json.dumps(units, indent=1) if separators == "indent" else json.dumps(units, separators=separators)
    path = tmp_path / "enheter.json.gz"
    path.write_bytes(gzip.compress(text.encode()))

    assert read_units(path, chunk_size=chunk_size, monkeypatch=monkeypatch) == json.loads(text)


def test_a_unit_longer_than_a_chunk_and_a_cut_inside_a_string_are_read_whole(tmp_path, monkeypatch):
    units = tricky_units()
    units[5]["vedtektsfestetFormaal"] = ["}" * 5000 + TRICKY[0] * 50]
    path = tmp_path / "enheter.json"
    path.write_text(json.dumps(units, separators=(",", ":")), encoding="utf-8")

    assert read_units(path, chunk_size=256, monkeypatch=monkeypatch) == units


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(st.text(alphabet=st.sampled_from('{}[],:"\\ orgnisajum\n\t\u00e6'), max_size=40), max_size=12),
    chunk_size=st.integers(min_value=1, max_value=300),
)
def test_any_strings_are_read_as_json_reads_them(tmp_path, monkeypatch, names, chunk_size):
    units = [{"organisasjonsnummer": NUMBERS[n % len(NUMBERS)], "navn": name, "liste": [{"organisasjonsnummer": name}]}
             for n, name in enumerate(names)]
    text = json.dumps(units, separators=(",", ":"), ensure_ascii=False)
    path = tmp_path / "enheter.json"
    path.write_text(text, encoding="utf-8")

    assert read_units(path, chunk_size=chunk_size, monkeypatch=monkeypatch) == units


def test_without_orjson_ijson_reads_everything(tmp_path, monkeypatch):
    units = tricky_units()
    path = tmp_path / "enheter.json"
    path.write_text(json.dumps(units), encoding="utf-8")

    assert read_units(path, chunk_size=100, monkeypatch=monkeypatch, parser=None) == units


def test_the_mapping_caps_an_impossible_number_of_employees():
    values = bulkfile.unit_values(unit(NUMBERS[0], "STOR AS", antallAnsatte=1e300))
    assert values[bulkfile.VALUE_FIELDS.index("antall_ansatte")] is None
