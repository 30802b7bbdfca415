"""`veier import-brreg`: streaming, idempotent import of the register's bulk file."""

from __future__ import annotations

import gzip
import json
import re

import pytest
from django.core.management.base import CommandError

from tests.registry.conftest import BRREG, NUMBERS, address, unit, write_bulk
from veier.registry import importer
from veier.registry.models import OrganisationForm, RegistryUnit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["in-process", "reader-process"])
def reader(request, monkeypatch) -> str:
    """Every test here runs twice: the file read in the importing process, and in a reader process."""
    monkeypatch.setattr(importer, "_worth_a_process", lambda path: request.param == "reader-process")
    return request.param

COMPARED_FIELDS = [f.attname for f in RegistryUnit._meta.concrete_fields if f.attname != "updated_at"]


def table() -> list[dict]:
    return list(RegistryUnit.objects.order_by("orgnr").values(*COMPARED_FIELDS))


def imported_before(message: str) -> int:
    return int(re.search(r"([\d ]+) units imported before the error", message).group(1).replace(" ", ""))


def test_an_import_stores_every_unit_and_reports_the_counts(bulk_file, run_import):
    output = run_import(bulk_file)

    assert RegistryUnit.objects.count() == 12
    assert "read 12, inserted 12, updated 0, unchanged 0, skipped (invalid orgnr) 0" in output
    assert "units/s" in output
    first = RegistryUnit.objects.get(orgnr=NUMBERS[0])
    assert first.name == "ARBEIDSFELLESSKAP 1 AS"
    assert first.organisation_form.description == "Aksjeselskap"
    assert (first.business_address, first.business_postnummer, first.business_kommunenummer) == (
        "Storgata 1", "0155", "0301"
    )
    assert (first.postal_address, first.postal_kommunenummer) == ("Postboks 8500", "1103")
    assert (first.naeringskode, first.antall_ansatte, str(first.stiftelsesdato)) == ("88.991", 12, "1972-09-18")


def test_running_the_same_file_again_changes_nothing(bulk_file, run_import):
    run_import(bulk_file)
    before = table()

    output = run_import(bulk_file)

    assert "read 12, inserted 0, updated 0, unchanged 12" in output
    assert table() == before


def test_a_changed_unit_is_updated_and_the_others_left_alone(tmp_path, twelve_units, run_import):
    run_import(write_bulk(tmp_path / "monday.json.gz", twelve_units))
    untouched_at = RegistryUnit.objects.get(orgnr=NUMBERS[1]).updated_at
    twelve_units[0].update(konkurs=True, navn="ARBEIDSFELLESSKAP 1 AS KONKURSBO")

    output = run_import(write_bulk(tmp_path / "tuesday.json.gz", twelve_units))

    assert "inserted 0, updated 1, unchanged 11" in output
    changed = RegistryUnit.objects.get(orgnr=NUMBERS[0])
    assert (changed.name, changed.konkurs) == ("ARBEIDSFELLESSKAP 1 AS KONKURSBO", True)
    assert RegistryUnit.objects.get(orgnr=NUMBERS[1]).updated_at == untouched_at


def test_a_plain_json_file_is_accepted_too(tmp_path, twelve_units, run_import):
    path = tmp_path / "enheter.json"
    path.write_text(json.dumps(twelve_units), encoding="utf-8")

    run_import(path)

    assert RegistryUnit.objects.count() == 12


def test_units_with_an_invalid_organisation_number_are_skipped_and_counted(tmp_path, run_import):
    units = [unit(BRREG, "REGISTERENHETEN I BRØNNØYSUND", form=("ORGL", "Organisasjonsledd")),
             unit("974760674", "WRONG CONTROL DIGIT AS"), unit("12345", "TOO SHORT AS")]

    output = run_import(write_bulk(tmp_path / "enheter.json.gz", units))

    assert "read 3, inserted 1, updated 0, unchanged 0, skipped (invalid orgnr) 2" in output
    assert list(RegistryUnit.objects.values_list("orgnr", flat=True)) == [BRREG]


def test_a_sole_proprietorship_keeps_no_address_contact_or_personal_details(tmp_path, run_import):
    sole = unit(NUMBERS[0], "KARI NORDMANN", form=("ENK", "Enkeltpersonforetak"),
                forretningsadresse=address(["Heimveien 3"], "7030", "TRONDHEIM", "5001", "TRONDHEIM"),
                postadresse=address(["Heimveien 3"], "7030", "TRONDHEIM", "5001", "TRONDHEIM"),
                registrertIFrivillighetsregisteret=False, underAvvikling=True)

    run_import(write_bulk(tmp_path / "enheter.json.gz", [sole]))

    stored = RegistryUnit.objects.get(orgnr=NUMBERS[0])
    assert (stored.name, stored.organisation_form_id, stored.kommunenummer) == ("KARI NORDMANN", "ENK", "5001")
    assert (stored.naeringskode, stored.under_avvikling) == ("88.991", True)
    assert [stored.business_address, stored.business_postnummer, stored.business_poststed, stored.postal_address,
            stored.postal_postnummer, stored.postal_poststed, stored.hjemmeside] == [""] * 7
    assert [stored.antall_ansatte, stored.stiftelsesdato, stored.registreringsdato] == [None] * 3


def test_no_unit_keeps_telephone_mobile_or_email(bulk_file, run_import):
    run_import(bulk_file)

    stored = json.dumps(list(RegistryUnit.objects.values()), default=str)
    assert "51 99 00 00" not in stored and "900 00 000" not in stored and "post@example.no" not in stored


def test_an_organisation_form_missing_from_the_csv_is_added_with_the_files_description(tmp_path, run_import):
    old_form = unit(NUMBERS[0], "GAMMEL UTBYGGING", form=("UTBG", "Utbyggingsselskap"))

    run_import(write_bulk(tmp_path / "enheter.json.gz", [old_form]))

    assert OrganisationForm.objects.get(code="UTBG").description == "Utbyggingsselskap"
    assert OrganisationForm.objects.get(code="ENK").name_en == "Sole proprietorship"


def test_prune_marks_units_missing_from_a_newer_file_as_absent(tmp_path, twelve_units, run_import):
    run_import(write_bulk(tmp_path / "monday.json.gz", twelve_units))
    tuesday = write_bulk(tmp_path / "tuesday.json.gz", twelve_units[1:])

    run_import(tuesday)
    assert RegistryUnit.objects.filter(absent_since__isnull=False).count() == 0
    output = run_import(tuesday, "--prune")

    assert "marked absent 1" in output
    assert list(RegistryUnit.objects.filter(absent_since__isnull=False).values_list("orgnr", flat=True)) == [
        NUMBERS[0]
    ]
    output = run_import(write_bulk(tmp_path / "wednesday.json.gz", twelve_units), "--prune")
    assert "inserted 0, updated 1, unchanged 11" in output and "marked absent 0" in output
    assert not RegistryUnit.objects.filter(absent_since__isnull=False).exists()


# Damaged files ------------------------------------------------------------------------------------


def test_a_truncated_download_stops_with_one_message_and_keeps_the_complete_batches(
    tmp_path, three_hundred_units, run_import
):
    whole = write_bulk(tmp_path / "whole.json.gz", three_hundred_units).read_bytes()
    truncated = tmp_path / "truncated.json.gz"
    truncated.write_bytes(whole[: len(whole) * 2 // 3])

    with pytest.raises(CommandError) as raised:
        run_import(truncated, "--batch-size", "25")

    message = str(raised.value)
    assert str(truncated) in message
    assert "the compressed data ends early" in message
    assert re.search(r"after unit [\d ]+, within the first [\d ]+ bytes of the JSON text \(byte [\d ]+ of the "
                     r"compressed file\)", message)
    committed = imported_before(message)
    assert 0 < committed < 300 and committed % 25 == 0
    assert RegistryUnit.objects.count() == committed


def test_invalid_json_stops_with_the_position_and_the_units_imported_so_far(
    tmp_path, three_hundred_units, run_import
):
    text = json.dumps(three_hundred_units, indent=1)
    broken_at = text.index('"organisasjonsnummer"', len(text) // 2)
    path = tmp_path / "broken.json.gz"
    path.write_bytes(gzip.compress((text[:broken_at] + "@" + text[broken_at:]).encode()))

    with pytest.raises(CommandError) as raised:
        run_import(path, "--batch-size", "25")

    message = str(raised.value)
    assert message.startswith(f"{path}: invalid JSON (")
    assert "after unit" in message and "bytes of the JSON text" in message
    committed = imported_before(message)
    assert 0 < committed < 300
    assert RegistryUnit.objects.count() == committed


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ({"_embedded": {"enheter": []}}, "expected a JSON array of units at the top level, but found '{'"),
        ("", "expected a JSON array of units at the top level, but found nothing (the file is empty)"),
        ([{"navn": "UTEN NUMMER AS"}], "unit 1 has no organisasjonsnummer"),
        (["974760673"], "unit 1 is a JSON str, not an object"),
    ],
    ids=["object", "empty", "no-orgnr", "not-an-object"],
)
def test_a_file_of_the_wrong_shape_is_refused_with_a_reason(tmp_path, run_import, content, expected):
    path = tmp_path / "enheter.json.gz"
    path.write_bytes(gzip.compress((json.dumps(content) if content != "" else "").encode()))

    with pytest.raises(CommandError, match=re.escape(expected)) as raised:
        run_import(path)

    assert str(raised.value).startswith(str(path))
    assert "0 units imported before the error" in str(raised.value)
    assert not RegistryUnit.objects.exists()


def test_a_missing_file_is_named(tmp_path, run_import):
    with pytest.raises(CommandError, match=re.escape(f"{tmp_path / 'nowhere.json.gz'}: cannot open the file")):
        run_import(tmp_path / "nowhere.json.gz")


def test_a_batch_that_fails_to_write_is_rolled_back_whole(bulk_file, monkeypatch):
    original_write = importer._Upsert.write
    calls = []

    def write_then_fail_on_the_second_batch(self, rows):
        calls.append(len(rows))
        original_write(self, rows)
        if len(calls) == 2:
            raise RuntimeError("the database went away")

    monkeypatch.setattr(importer._Upsert, "write", write_then_fail_on_the_second_batch)

    with pytest.raises(RuntimeError):
        importer.import_bulk_file(bulk_file, batch_size=5)

    assert sorted(RegistryUnit.objects.values_list("orgnr", flat=True)) == sorted(NUMBERS[:5])


def test_an_interrupted_import_completed_later_equals_one_clean_import(tmp_path, three_hundred_units, run_import):
    """A killed or truncated import, re-run to completion, leaves the same table as one clean run."""
    whole = write_bulk(tmp_path / "whole.json.gz", three_hundred_units)
    truncated = tmp_path / "truncated.json.gz"
    truncated.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(CommandError):
        run_import(truncated, "--batch-size", "25")
    assert 0 < RegistryUnit.objects.count() < 300
    run_import(whole, "--batch-size", "40")
    after_interruption = table()

    RegistryUnit.objects.all().delete()
    run_import(whole)

    assert len(after_interruption) == 300
    assert table() == after_interruption


# The reader process and the chunked parser ---------------------------------------------------------


def test_the_reader_process_and_the_importing_process_store_the_same_table(tmp_path, three_hundred_units):
    path = write_bulk(tmp_path / "enheter.json.gz", three_hundred_units)
    importer.import_bulk_file(path, batch_size=40, parallel=False)
    in_process = table()
    RegistryUnit.objects.all().delete()

    stats = importer.import_bulk_file(path, batch_size=40, parallel=True)

    assert (stats.read, stats.inserted) == (300, 300)
    assert table() == in_process


def test_a_reader_process_that_dies_is_reported(bulk_file, monkeypatch):
    monkeypatch.setattr(importer, "read_into_pipe", _die)

    with pytest.raises(RuntimeError, match="ended unexpectedly"):
        importer.import_bulk_file(bulk_file, parallel=True)


def _die(path, batch_size, pipe):  # runs in the reader process, which must be able to import it
    import os

    os._exit(3)


def test_the_chunked_parser_reports_damage_exactly_as_ijson_does(tmp_path, three_hundred_units, monkeypatch):
    """orjson parses the chunks, but a damaged file's message (reason, unit, position) is ijson's own."""
    from veier.registry import bulkfile

    text = json.dumps(three_hundred_units, separators=(",", ":"))
    broken_at = text.index('"organisasjonsnummer"', len(text) // 2)
    damaged = {
        "invalid": (text[:broken_at] + "@" + text[broken_at:]).encode(),
        "truncated-json": text[: len(text) * 2 // 3].encode(),
        "trailing-comma": (text[:-1] + ",]").encode(),
        "bom": b"\xef\xbb\xbf" + text.encode(),
    }
    for name, content in damaged.items():
        path = tmp_path / f"{name}.json.gz"
        path.write_bytes(gzip.compress(content))
        messages = []
        for parser in (bulkfile.orjson, None):
            monkeypatch.setattr(bulkfile, "orjson", parser)
            RegistryUnit.objects.all().delete()
            with pytest.raises(importer.BulkFileError) as raised:
                importer.import_bulk_file(path, batch_size=25, parallel=False)
            messages.append(str(raised.value))
            assert RegistryUnit.objects.count() == imported_before(str(raised.value))
        assert messages[0] == messages[1], name
