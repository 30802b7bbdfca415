"""`veier import-entrepreneurs`: spreadsheets from kommuner, with every bad row reported by line."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from veier.directory.models import EntrepreneurProfile

pytestmark = pytest.mark.django_db

HEADER = "orgnr;navn;beskrivelse;tjenesteomrader;malgrupper;kommuner;fylker;nettside;epost"
GOOD = "974760673;Besøksvenn AS;Besøk til eldre;elderly-care|loneliness;elderly;5001;;besoksvenn.no;post@b.example"
COUNTRY = "923609016;Ombruk SA;Arbeidstrening;work-inclusion;young-adults;;;;"


def run(path, capsys, language="en"):
    with translation.override(language):
        call_command("import_entrepreneurs", str(path))
    captured = capsys.readouterr()
    return captured.out, captured.err


def write(tmp_path, text, name="liste.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_a_semicolon_file_with_bom_is_imported(tmp_path, capsys):
    out, err = run(write(tmp_path, f"{HEADER}\n{GOOD}\n{COUNTRY}\n", encoding="utf-8-sig"), capsys)
    assert out.strip() == "2 created, 0 updated, 0 rows refused."
    profile = EntrepreneurProfile.objects.get(organisation__orgnr="974760673")
    assert profile.organisation.name == "Besøksvenn AS"
    assert sorted(a.code for a in profile.service_areas.all()) == ["elderly-care", "loneliness"]
    assert [k.number for k in profile.kommuner.all()] == ["5001"]
    assert not profile.nationwide
    assert EntrepreneurProfile.objects.get(organisation__orgnr="923609016").nationwide


def test_a_comma_file_is_detected(tmp_path, capsys):
    text = f"{HEADER.replace(';', ',')}\n{COUNTRY.replace(';', ',')}\n"
    out, _ = run(write(tmp_path, text), capsys)
    assert out.strip() == "1 created, 0 updated, 0 rows refused."


def test_running_again_updates_instead_of_duplicating(tmp_path, capsys):
    path = write(tmp_path, f"{HEADER}\n{GOOD}\n")
    run(path, capsys)
    path.write_text(f"{HEADER}\n{GOOD.replace('Besøk til eldre', 'Turgrupper')}\n", encoding="utf-8")
    out, _ = run(path, capsys)
    assert out.strip() == "0 created, 1 updated, 0 rows refused."
    assert EntrepreneurProfile.objects.get().organisation.description == "Turgrupper"


def test_every_bad_row_is_reported_with_its_line_and_reason_and_the_good_rows_still_land(tmp_path, capsys):
    rows = [
        HEADER,
        GOOD,
        "974760674;Feil AS;;;;;;;",  # line 3: wrong control digit
        "988588261;Ukjent kode;;bowling;;;;;",  # line 4: unknown service area
        "913456785;Ukjent kommune;;;;9998;;;",  # line 5: unknown kommune
        COUNTRY,
    ]
    out, err = run(write(tmp_path, "\n".join(rows) + "\n"), capsys)
    assert out.strip() == "2 created, 0 updated, 3 rows refused."
    lines = err.strip().splitlines()
    assert lines[0].endswith("line 3 (974760674): the organisation number has a wrong control digit")
    assert "line 4 (988588261)" in lines[1] and "bowling" in lines[1]
    assert "line 5 (913456785)" in lines[2] and "9998" in lines[2]


def test_the_report_is_in_norwegian_by_default(tmp_path, capsys):
    out, err = run(write(tmp_path, f"{HEADER}\n974760674;Feil AS;;;;;;;\n"), capsys, language="nb")
    assert err.strip().endswith("linje 2 (974760674): organisasjonsnummeret har feil kontrollsiffer")
    assert out.strip() == "0 opprettet, 0 oppdatert, 1 rader avvist."


def test_an_old_kommune_number_is_understood(tmp_path, capsys):
    run(write(tmp_path, f"{HEADER}\n{GOOD.replace(';5001;', ';1507;')}\n"), capsys)
    profile = EntrepreneurProfile.objects.get()
    assert sorted(k.number for k in profile.kommuner.all()) == ["1508", "1580"]


def test_wrong_columns_stop_with_a_message_naming_the_file(tmp_path):
    path = write(tmp_path, "org;name\n974760673;X\n")
    with pytest.raises(CommandError, match=r"liste\.csv, linje 1: .*orgnr"):
        call_command("import_entrepreneurs", str(path))
    assert not EntrepreneurProfile.objects.exists()


def test_an_excel_file_is_imported(tmp_path, capsys):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(";"))
    sheet.append(GOOD.split(";"))
    path = tmp_path / "liste.xlsx"
    workbook.save(path)
    out, _ = run(path, capsys)
    assert out.strip() == "1 created, 0 updated, 0 rows refused."


def test_a_file_that_is_not_utf8_is_refused_clearly(tmp_path):
    path = write(tmp_path, f"{HEADER}\n{GOOD}\n", encoding="latin-1")
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_entrepreneurs", str(path))
