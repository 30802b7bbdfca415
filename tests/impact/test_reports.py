"""The impact report as a PDF and the impact map as an Excel workbook."""

import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from veier.impact import reports

pytestmark = pytest.mark.django_db


def test_the_pdf_report_is_a_pdf_with_the_rounded_ratio_and_svg_charts(aslak_client, loneliness):
    response = aslak_client.get(reverse("impact:report_pdf", args=[loneliness.analysis_id]), {"draws": 1000})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="besoksvenn-i-trondheim.pdf"'
    assert response.content.startswith(b"%PDF-")
    assert len(response.content) > 5_000


def test_the_pdf_template_holds_the_charts_as_svg_and_norwegian_numbers(loneliness):
    from django.template.loader import render_to_string
    from django.utils import translation

    report = reports.build_report(loneliness.analysis, {"spread": 20, "draws": 500, "seed": 1})
    with translation.override("en"):
        html = render_to_string("impact/report_pdf.html", {
            "report": report, "analysis": report.analysis,
            "indicators": [(loneliness, reports.indicator_svg(loneliness))]})
    assert html.count("<svg") == 4  # levels, years, histogram, one indicator
    assert "<script" not in html
    assert "250\u00a0000\u00a0kr" in html
    assert ">1,44</dd>" in html


def test_svg_charts_escape_their_labels():
    svg = reports.svg_bars(["<script>alert(1)</script>"], [10.0], ["10 kr"])
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_the_impact_map_workbook_reopens_with_its_value_map_result_and_native_charts(aslak_client, loneliness):
    response = aslak_client.get(reverse("impact:report_xlsx", args=[loneliness.analysis_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Impact map", "Result", "Indicators"]
    value_map = workbook["Impact map"]
    assert [c.value for c in value_map[4]][:3] == ["Outcome", "Stakeholder", "Level"]
    row = [c.value for c in value_map[5]]
    assert row[:4] == ["Sustained employment", "participants", "Citizen", 60]
    assert row[11] == pytest.approx(214_200)
    assert value_map["E5"].number_format == '#,##0 "kr"' and value_map["F5"].number_format == "0.0%"
    result = workbook["Result"]
    summary = {result.cell(r, 1).value: result.cell(r, 2).value for r in range(1, 6)}
    assert summary["SROI ratio"] == pytest.approx(1.4362782608695654)  # unrounded in the cell
    assert len(result._charts) == 2
    indicators = workbook["Indicators"]
    assert [c.value for c in indicators[2]][6] == 18


def _chart_xml(content: bytes) -> list[str]:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [name for name in archive.namelist() if name.startswith("xl/charts/chart")]


def test_the_charts_are_native_excel_charts(aslak_client, loneliness):
    response = aslak_client.get(reverse("impact:report_xlsx", args=[loneliness.analysis_id]))
    assert len(_chart_xml(response.content)) == 2


@pytest.mark.skipif(not shutil.which("libreoffice") and not shutil.which("soffice"), reason="LibreOffice missing")
def test_libreoffice_opens_the_workbook(aslak_client, loneliness, tmp_path):
    response = aslak_client.get(reverse("impact:report_xlsx", args=[loneliness.analysis_id]))
    source = tmp_path / "effektkart.xlsx"
    source.write_bytes(response.content)
    office = shutil.which("libreoffice") or shutil.which("soffice")
    subprocess.run([office, "--headless", "--convert-to", "csv", "--outdir", str(tmp_path), str(source)],
                   check=True, timeout=120, capture_output=True)
    assert "Sustained employment" in (tmp_path / "effektkart.csv").read_text(encoding="utf-8", errors="replace")
