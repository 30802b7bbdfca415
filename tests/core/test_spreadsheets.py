"""table_download: the one way pages offer a table as CSV or Excel."""

import io

import pytest
from django.http import Http404
from openpyxl import load_workbook

from veier.core.spreadsheets import table_download

ROWS = [["Trondheim", 2], ["Bergen", 0]]


def test_csv_is_semicolon_separated_with_a_bom_for_excel():
    response = table_download("csv", ["kommune", "n"], ROWS, filename="tall", sheet_title="Tall")
    assert response["Content-Disposition"] == 'attachment; filename="tall.csv"'
    assert response.content.decode("utf-8") == "\ufeffkommune;n\r\nTrondheim;2\r\nBergen;0\r\n"


def test_the_workbook_has_the_table_then_the_notes_after_an_empty_row():
    response = table_download("xlsx", ["kommune", "n"], iter(ROWS), filename="tall", sheet_title="Tall",
                              notes=["© Kartverket"])
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Tall"
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["kommune", "n"], ["Trondheim", 2], ["Bergen", 0], [None, None], ["© Kartverket", None]]


def test_another_format_is_not_found():
    with pytest.raises(Http404):
        table_download("pdf", ["a"], [], filename="x", sheet_title="x")
