"""Reading measurements from a CSV or Excel file.

People export these from Excel, so both the English header (date, value, note) and the Norwegian one
(dato, verdi, merknad) are understood, semicolons as well as commas separate columns, decimal commas and
spaces between thousands are accepted, and dates may be written 2025-03-31 or 31.03.2025. Every problem is
reported with its line number; nothing is stored unless the whole file is good.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

MAX_ROWS = 10_000
HEADERS = {
    "date": "date", "dato": "date",
    "value": "value", "verdi": "value",
    "note": "note", "merknad": "note", "kommentar": "note",
}


@dataclass
class ImportResult:
    rows: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def parse_number(value) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
    else:
        text = str(value or "").strip().replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")
        if "," in text and "." in text:
            # Whichever comes last is the decimal mark: 1.234,5 (Norwegian) or 1,234.5 (English).
            thousands = "." if text.rfind(",") > text.rfind(".") else ","
            text = text.replace(thousands, "")
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            return None
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        return None
    return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _rows_from_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")  # what older Norwegian Excel writes
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") and ";" in first_line else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _rows_from_xlsx(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_measurements(name: str, data: bytes) -> ImportResult:
    """Parse a file's rows into ``{"date", "value", "note"}`` dicts, or line-numbered errors."""
    result = ImportResult()
    try:
        rows = _rows_from_xlsx(data) if name.lower().endswith(".xlsx") else _rows_from_csv(data)
    except Exception:  # noqa: BLE001 - any unreadable file gets the same plain answer
        result.errors.append(_("The file could not be read. Use CSV or an Excel workbook (.xlsx)."))
        return result
    if not rows:
        result.errors.append(_("The file is empty."))
        return result
    header = [HEADERS.get(str(cell or "").strip().lower()) for cell in rows[0]]
    if "date" not in header or "value" not in header:
        result.errors.append(_("Line 1: the first line must name the columns date and value (or dato and verdi)."))
        return result
    if len(rows) - 1 > MAX_ROWS:
        result.errors.append(_("The file has more than %(max)s lines.") % {"max": MAX_ROWS})
        return result
    columns = {name: header.index(name) for name in ("date", "value", "note") if name in header}
    seen: dict[datetime.date, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(str(cell or "").strip() for cell in row):
            continue
        cells = {name: (row[index] if index < len(row) else None) for name, index in columns.items()}
        date = parse_date(cells["date"])
        value = parse_number(cells["value"])
        if date is None:
            result.errors.append(_("Line %(line)s: «%(value)s» is not a date (write 2025-03-31 or 31.03.2025).")
                                 % {"line": line, "value": cells["date"] or ""})
        if value is None:
            result.errors.append(_("Line %(line)s: «%(value)s» is not a number.")
                                 % {"line": line, "value": cells["value"] if cells["value"] is not None else ""})
        if date is not None and date in seen:
            result.errors.append(_("Line %(line)s: the date is already on line %(first)s.")
                                 % {"line": line, "first": seen[date]})
        if date is not None and value is not None:
            seen.setdefault(date, line)
            result.rows.append({"date": date, "value": value, "note": str(cells.get("note") or "").strip()[:300]})
    if not result.rows and not result.errors:
        result.errors.append(_("The file has no measurements."))
    return result
