"""Importing measurements from CSV and Excel files, with line-numbered errors and all-or-nothing storage."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from veier.impact.importer import read_measurements

pytestmark = pytest.mark.django_db


def read(text: str, name: str = "data.csv"):
    with translation.override("en"):
        return read_measurements(name, text.encode("utf-8"))


def test_an_english_csv_with_commas_is_read():
    result = read("date,value,note\n2025-03-31,18,Q1\n2025-06-30,27.5,\n")
    assert result.errors == []
    assert result.rows == [
        {"date": datetime.date(2025, 3, 31), "value": Decimal("18.00"), "note": "Q1"},
        {"date": datetime.date(2025, 6, 30), "value": Decimal("27.50"), "note": ""},
    ]


def test_a_norwegian_excel_csv_with_semicolons_decimal_commas_and_dotted_dates_is_read():
    result = read("\ufeffDato;Verdi;Merknad\n31.03.2025;1 234,5;første\n30.06.2025;1.250,75;\n")
    assert result.errors == []
    assert [row["value"] for row in result.rows] == [Decimal("1234.50"), Decimal("1250.75")]
    assert result.rows[0]["date"] == datetime.date(2025, 3, 31)


def test_every_bad_line_is_reported_with_its_number():
    result = read("date,value\n2025-03-31,18\nyesterday,5\n2025-06-30,many\n2025-03-31,20\n\n2025-09-30,NaN\n")
    assert result.errors == [
        "Line 3: «yesterday» is not a date (write 2025-03-31 or 31.03.2025).",
        "Line 4: «many» is not a number.",
        "Line 5: the date is already on line 2.",
        "Line 7: «NaN» is not a number.",
    ]


@pytest.mark.parametrize(("text", "error"), [
    ("", "The file is empty."),
    ("when,how much\n2025-01-01,1\n", "Line 1: the first line must name the columns date and value"),
    ("date,value\n", "The file has no measurements."),
])
def test_a_file_without_usable_columns_or_rows_says_so(text, error):
    assert read(text).errors[0].startswith(error)


def test_an_excel_workbook_is_read():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Dato", "Verdi", "Merknad"])
    sheet.append([datetime.datetime(2025, 3, 31), 18, "Q1"])
    sheet.append(["30.06.2025", "27,5", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = read_measurements("målinger.xlsx", buffer.getvalue())
    assert result.errors == []
    assert [(row["date"], row["value"]) for row in result.rows] == [
        (datetime.date(2025, 3, 31), Decimal("18.00")), (datetime.date(2025, 6, 30), Decimal("27.50"))]


def test_a_broken_workbook_is_refused_plainly():
    with translation.override("en"):
        assert read_measurements("x.xlsx", b"not a zip").errors == [
            "The file could not be read. Use CSV or an Excel workbook (.xlsx)."]


def import_file(client, indicator, name: str, content: bytes):
    return client.post(reverse("impact:indicator", args=[indicator.analysis_id, indicator.pk]),
                       {"action": "import", "file": SimpleUploadedFile(name, content)})


def test_importing_through_the_page_stores_and_updates_measurements(aslak_client, loneliness):
    content = b"date,value,note\n2025-06-30,30,fixed\n2025-09-30,35,\n"
    response = import_file(aslak_client, loneliness, "data.csv", content)
    assert response.status_code == 302
    assert [(str(m.date), m.value, m.note) for m in loneliness.measurements.all()] == [
        ("2025-03-31", 18, "Q1"), ("2025-06-30", 30, "fixed"), ("2025-09-30", 35, "")]


def test_a_file_with_one_bad_line_stores_nothing_and_shows_the_errors(aslak_client, loneliness):
    response = import_file(aslak_client, loneliness, "data.csv", b"date,value\n2025-09-30,35\n2025-12-31,x\n")
    assert response.status_code == 422
    assert "Line 3: «x» is not a number." in response.content.decode()
    assert loneliness.measurements.count() == 2


def test_other_file_types_are_refused(aslak_client, loneliness):
    response = import_file(aslak_client, loneliness, "data.pdf", b"%PDF-1.4")
    assert response.status_code == 422
    assert "file" in response.context["import_form"].errors
