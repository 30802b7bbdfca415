"""Import social entrepreneurs from a kommune's spreadsheet (CSV or Excel).

Header: orgnr;navn;beskrivelse;tjenesteomrader;malgrupper;kommuner;fylker;nettside;epost
List fields are separated by «|»; codes are Veier's service-area and target-group codes, kommuner
are kommune numbers (old pre-2024 numbers are followed) and fylker fylke numbers; both empty means
the whole country. Each valid row is upserted by organisation number in its own transaction, so a
bad row never affects the others; every bad row is reported with its line number and reason.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from veier.directory import services
from veier.directory.models import EntrepreneurProfile
from veier.organisations import orgnr as orgnr_module
from veier.organisations.models import Organisation
from veier.reference.models import Fylke, ServiceArea, TargetGroup
from veier.reference.selectors import resolve_kommune_number

HEADER = ["orgnr", "navn", "beskrivelse", "tjenesteomrader", "malgrupper", "kommuner", "fylker", "nettside", "epost"]


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong columns, not a spreadsheet)."""


@dataclass
class RowError:
    line: int
    orgnr: str
    reason: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) from a CSV (UTF-8, with or without BOM, «;» or «,») or .xlsx file."""
    if path.suffix.lower() == ".xlsx":
        yield from _xlsx_rows(path)
        return
    try:
        content = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        message = _("%(file)s is not UTF-8 text (byte %(pos)s).") % {"file": path, "pos": error.start}
        raise ImportFileError(message) from None
    first_line = content.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(reader, [])]
    _check_header(path, header)
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        yield reader.line_num, dict(zip(header, (cell.strip() for cell in row), strict=False))


def _xlsx_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several unrelated types for a bad file
        message = _("%(file)s is not a readable Excel file: %(error)s") % {"file": path, "error": error}
        raise ImportFileError(message) from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell or "").strip().lower() for cell in next(rows, [])]
    _check_header(path, header)
    for number, row in enumerate(rows, start=2):
        cells = ["" if cell is None else str(cell).strip() for cell in row]
        if any(cells):
            yield number, dict(zip(header, cells, strict=False))
    workbook.close()


def _check_header(path: Path, header: list[str]) -> None:
    missing = [name for name in HEADER if name not in header]
    if missing:
        raise ImportFileError(
            _("%(file)s, line 1: missing columns %(missing)s. Expected: %(expected)s")
            % {"file": path, "missing": ", ".join(missing), "expected": ";".join(HEADER)}
        )


def import_entrepreneurs(path: Path) -> ImportReport:
    report = ImportReport()
    area_codes = set(ServiceArea.objects.values_list("code", flat=True))
    group_codes = set(TargetGroup.objects.values_list("code", flat=True))
    fylke_numbers = set(Fylke.objects.values_list("number", flat=True))
    for line, row in read_rows(path):
        try:
            fields = _clean_row(row, area_codes, group_codes, fylke_numbers)
        except ValueError as error:
            report.errors.append(RowError(line, row.get("orgnr", ""), str(error)))
            continue
        try:
            created = _upsert(fields)
        except ValueError as error:
            report.errors.append(RowError(line, fields["orgnr"], str(error)))
            continue
        if created:
            report.created += 1
        else:
            report.updated += 1
    return report


def _split(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def _clean_row(row: dict[str, str], area_codes: set, group_codes: set, fylke_numbers: set) -> dict:
    try:
        number = orgnr_module.normalise(row.get("orgnr", ""))
    except orgnr_module.OrgnrError as error:
        raise ValueError(
            _("the organisation number has a wrong control digit") if error.code == "checksum"
            else _("the organisation number must have nine digits")
        ) from None
    verdict = _registry_verdict(number)
    if verdict is not None:
        raise ValueError(verdict)
    name = row.get("navn", "").strip()
    if not name:
        raise ValueError(_("the name is missing"))
    areas = _split(row.get("tjenesteomrader", ""))
    unknown = [code for code in areas if code not in area_codes]
    if unknown:
        raise ValueError(_("unknown service area %(codes)s") % {"codes": ", ".join(unknown)})
    groups = _split(row.get("malgrupper", ""))
    unknown = [code for code in groups if code not in group_codes]
    if unknown:
        raise ValueError(_("unknown target group %(codes)s") % {"codes": ", ".join(unknown)})
    kommuner = []
    for kommune_number in _split(row.get("kommuner", "")):
        found = resolve_kommune_number(kommune_number) if kommune_number.isdigit() else []
        if not found:
            raise ValueError(_("unknown kommune %(number)s") % {"number": kommune_number})
        kommuner.extend(found)
    fylker = [number.zfill(2) for number in _split(row.get("fylker", ""))]
    unknown = [number for number in fylker if number not in fylke_numbers]
    if unknown:
        raise ValueError(_("unknown fylke %(numbers)s") % {"numbers": ", ".join(unknown)})
    website = row.get("nettside", "").strip()
    if website and "://" not in website:
        website = f"https://{website}"  # kommuner's lists often omit the scheme
    return {
        "orgnr": number, "name": name, "description": row.get("beskrivelse", ""),
        "service_areas": areas, "target_groups": groups, "kommuner": kommuner, "fylker": fylker,
        "website": website, "contact_email": row.get("epost", ""),
    }


def _registry_verdict(number: str) -> str | None:
    """A reason to refuse the number from the loaded Enhetsregisteret, or None to accept it.

    When no registry is loaded, any checksum-valid number is accepted.
    """
    from veier.registry.selectors import VERDICT_MESSAGES, registry_is_loaded, verify_orgnr

    if not registry_is_loaded():
        return None
    verdict = verify_orgnr(number)
    return None if verdict.status == "ok" else str(VERDICT_MESSAGES[verdict.status])


def _upsert(fields: dict) -> bool:
    """Create or update one entrepreneur in its own transaction; True when it was created."""
    from django.core.exceptions import ValidationError

    with transaction.atomic():
        organisation = Organisation.objects.filter(orgnr=fields["orgnr"]).first()
        if organisation is not None and organisation.kind != Organisation.Kind.SOCIAL_ENTREPRENEUR:
            raise ValueError(_("the organisation number belongs to a public body on Veier"))
        try:
            if organisation is None:
                services.create_entrepreneur(**fields)
                return True
            profile = EntrepreneurProfile.objects.filter(organisation=organisation).first() or services.ensure_profile(
                organisation
            )
            fields = {k: v for k, v in fields.items() if k != "orgnr"}
            services.save_profile(profile, **fields)
            return False
        except ValidationError as error:
            raise ValueError("; ".join(error.messages)) from None
