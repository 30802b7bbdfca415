"""One table as a download: CSV that Excel opens in Norwegian settings, or an .xlsx workbook."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import Http404, HttpResponse

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_download(fmt: str, header: Sequence, rows: Iterable[Sequence], *, filename: str, sheet_title: str,
                   notes: Sequence[str] = ()) -> HttpResponse:
    """``filename`` without extension. CSV is `;`-separated with a BOM (Excel's Norwegian defaults);
    ``notes`` (a source line, say) follow the table in the workbook after an empty row."""
    if fmt not in FORMATS:
        raise Http404
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = sheet_title
        sheet.append(list(header))
        for row in rows:
            sheet.append(list(row))
        if notes:
            sheet.append([])
            for note in notes:
                sheet.append([note])
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
