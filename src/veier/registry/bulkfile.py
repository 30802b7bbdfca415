"""Reading Enhetsregisteret's bulk file and mapping each unit to the values Veier keeps.

No Django imports: the importer may run this reader in a separate process, and the live lookup
(lookup.py) maps the API's JSON with the same `unit_values()`.

The bulk file (`/enhetsregisteret/api/enheter/lastned`) is one gzip-compressed JSON array of
1.2 million units, about 200 MB compressed and well over a gigabyte of JSON. It is read with
ijson, whose fastest installed backend (yajl2_c, else pure Python) ijson picks itself, so
memory stays bounded by one batch. Whether the file is gzip is decided by its first two
bytes, not its name, so a plain .json file works too.
"""

from __future__ import annotations

import gzip
import hashlib
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

import ijson

from veier.organisations.orgnr import OrgnrError, normalise

GZIP_MAGIC = b"\x1f\x8b"

# Organisation forms whose units are a person: the name is a personal name, and an address is a home.
PERSONAL_FORMS = frozenset({"ENK", "PERS"})

# The stored values in a fixed order (model field attnames): a row is these, then the content hash.
VALUE_FIELDS = (
    "name", "organisation_form_id", "naeringskode", "naeringskode_description",
    "business_address", "business_postnummer", "business_poststed", "business_kommunenummer", "business_landkode",
    "postal_address", "postal_postnummer", "postal_poststed", "postal_kommunenummer", "postal_landkode",
    "antall_ansatte", "stiftelsesdato", "registreringsdato", "hjemmeside", "in_frivillighetsregisteret",
    "overordnet_enhet", "konkurs", "under_avvikling", "under_tvangsavvikling", "slettedato",
)
DATE_FIELDS = frozenset({"stiftelsesdato", "registreringsdato", "slettedato"})
_NO_ADDRESS = ("", "", "", "", "")
_ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


class BulkFileError(Exception):
    """The bulk file cannot be read further. The message names the file and the position."""


def spaced(number: int) -> str:
    """12345 → «12 345», the Norwegian way of grouping digits."""
    return f"{number:,}".replace(",", " ")


# One unit ----------------------------------------------------------------------------------------


def valid_orgnr(value: str) -> str | None:
    """The nine digits of a valid organisation number, or None.

    The register writes nine plain digits, which are checked here directly (MOD11, as in
    organisations.orgnr) because the full check costs more than the rest of a unit's mapping;
    anything else goes through organisations.orgnr.normalise.
    """
    if len(value) == 9 and value.isascii() and value.isdigit():
        remainder = sum(int(digit) * weight for digit, weight in zip(value, _ORGNR_WEIGHTS)) % 11  # noqa: B905
        control = 11 - remainder if remainder else 0
        return value if control < 10 and control == int(value[8]) else None
    try:
        return normalise(value)
    except OrgnrError:
        return None


def _text(value: Any, limit: int) -> str:
    return value.strip()[:limit] if value.__class__ is str else ""


def _date(value: Any) -> str | None:
    """An ISO date string as given, or None; the register sometimes writes "" for no date."""
    if not value or value.__class__ is not str:
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        return None
    return value


def _address(address: Any) -> tuple[str, str, str, str, str]:
    """(lines joined by newlines, postnummer, poststed, kommunenummer, landkode) of an address object."""
    if address.__class__ is not dict:
        return _NO_ADDRESS
    lines = address.get("adresse")
    if lines.__class__ is list:
        lines = "\n".join(line.strip() for line in lines if line.__class__ is str and line.strip())[:500]
    else:
        lines = ""
    return (
        lines,
        _text(address.get("postnummer"), 20),
        _text(address.get("poststed"), 100),
        _text(address.get("kommunenummer"), 4),
        _text(address.get("landkode"), 2),
    )


def unit_values(record: dict) -> tuple:
    """The values Veier keeps for one unit of the register's JSON, in VALUE_FIELDS order.

    Telephone, mobile and e-mail are never kept. For a sole proprietorship (and PERS) only the
    name, form, kommune, industry code and status flags are kept, because its name is a
    person's name and its address usually a home address. Dates stay ISO strings.
    """
    form = record.get("organisasjonsform")
    form_code = _text(form.get("kode"), 8).upper() if form.__class__ is dict else ""
    industry = record.get("naeringskode1")
    if industry.__class__ is not dict:
        industry = {}
    business = _address(record.get("forretningsadresse"))
    postal = _address(record.get("postadresse"))
    employees = record.get("antallAnsatte")
    employees = int(employees) if employees.__class__ in (int, float) and employees >= 0 else None
    founded = _date(record.get("stiftelsesdato"))
    registered = _date(record.get("registreringsdatoEnhetsregisteret"))
    website = _text(record.get("hjemmeside"), 300)
    parent = _text(record.get("overordnetEnhet"), 9)
    if form_code in PERSONAL_FORMS:
        business = ("", "", "", business[3], "")
        postal = ("", "", "", postal[3], "")
        employees = founded = registered = None
        website = parent = ""
    return (
        _text(record.get("navn"), 500),
        form_code or None,
        _text(industry.get("kode"), 10),
        _text(industry.get("beskrivelse"), 300),
        *business,
        *postal,
        employees,
        founded,
        registered,
        website,
        record.get("registrertIFrivillighetsregisteret") is True,
        parent,
        record.get("konkurs") is True,
        record.get("underAvvikling") is True,
        record.get("underTvangsavviklingEllerTvangsopplosning") is True,
        _date(record.get("slettedato")),
    )


def content_hash(values: tuple) -> str:
    """A 16-byte BLAKE2b digest, in hex, of a unit's values: equal digests mean nothing changed."""
    text = "\x1f".join("" if value is None else str(value) for value in values)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


# The file ----------------------------------------------------------------------------------------


@dataclass
class Batch:
    """Consecutive units of the file: `rows` maps orgnr → (*values, content hash)."""

    rows: dict[str, tuple] = field(default_factory=dict)
    forms: dict[str, str] = field(default_factory=dict)  # organisation form code → the file's description
    read: int = 0
    skipped: list[str] = field(default_factory=list)  # organisation numbers that are not valid


class _Reader:
    """The decompressed JSON text, counting the bytes handed to the parser so errors can say where."""

    def __init__(self, stream: BinaryIO, prefix: bytes) -> None:
        self.stream = stream
        self.prefix = prefix
        self.offset = 0

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # ijson asks for nothing to learn whether the stream gives bytes or text
            return b""
        if self.prefix:
            cut = len(self.prefix) if size < 0 else size
            data, self.prefix = self.prefix[:cut], self.prefix[cut:]
        else:
            data = self.stream.read(size)
        self.offset += len(data)
        return data


class BulkFile:
    """An open bulk file, read once from start to end with `batches()`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.raw = open(self.path, "rb")  # noqa: SIM115 - closed by close()
        except OSError as error:
            raise BulkFileError(f"{self.path}: cannot open the file: {error.strerror or error}.") from error
        self.compressed = self.raw.read(2) == GZIP_MAGIC
        self.raw.seek(0)
        self.stream: BinaryIO = gzip.GzipFile(fileobj=self.raw, mode="rb") if self.compressed else self.raw
        self.reader: _Reader | None = None
        self.read = 0

    def __enter__(self) -> BulkFile:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        if self.stream is not self.raw:
            self.stream.close()
        self.raw.close()

    def position(self) -> str:
        where = f"within the first {spaced(self.reader.offset if self.reader else 0)} bytes of the JSON text"
        if self.compressed:
            where += f" (byte {spaced(self.raw.tell())} of the compressed file)"
        return where

    def batches(self, batch_size: int) -> Iterator[Batch]:
        """The file's units in batches of `batch_size` valid units (the last one may be smaller).

        A number repeated within a batch keeps its later unit, as it would across batches.
        Raises BulkFileError, naming the file and the position, when the file is damaged.
        """
        batch = Batch()
        rows, forms = batch.rows, batch.forms
        try:
            units = self._units()
            for record in units:
                self.read += 1
                batch.read += 1
                if record.__class__ is not dict:
                    raise self._error(f"unit {spaced(self.read)} is a JSON {type(record).__name__}, not an object")
                number = record.get("organisasjonsnummer")
                if not number or number.__class__ is not str:
                    raise self._error(f"unit {spaced(self.read)} has no organisasjonsnummer")
                orgnr = valid_orgnr(number)
                if orgnr is None:
                    batch.skipped.append(number)
                    continue
                values = unit_values(record)
                code = values[1]
                if code is not None and code not in forms:
                    form = record["organisasjonsform"]
                    forms[code] = _text(form.get("beskrivelse"), 200) or code
                rows[orgnr] = (*values, content_hash(values))
                if len(rows) >= batch_size:
                    yield batch
                    batch = Batch()
                    rows, forms = batch.rows, batch.forms
        except (ijson.JSONError, EOFError, OSError, zlib.error) as error:
            raise self._error(self._describe(error), after=True) from error
        if batch.read:
            yield batch

    def _units(self) -> Iterator[Any]:
        head = self.stream.read(64 * 1024)
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        if start != b"[":
            found = "nothing (the file is empty)" if not start else repr(start.decode("latin-1"))
            raise self._error(f"expected a JSON array of units at the top level, but found {found}")
        self.reader = _Reader(self.stream, head)
        return ijson.items(self.reader, "item", use_float=True)

    def _error(self, problem: str, *, after: bool = False) -> BulkFileError:
        unit = f" after unit {spaced(self.read)}" if after else ""
        return BulkFileError(f"{self.path}: {problem}{unit}, {self.position()}.")

    @staticmethod
    def _describe(error: Exception) -> str:
        if isinstance(error, EOFError):
            return "the compressed data ends early (the download is probably incomplete)"
        if isinstance(error, gzip.BadGzipFile | zlib.error):
            return f"the gzip data is damaged ({error})"
        if isinstance(error, ijson.JSONError):
            reason = str(error).strip().splitlines()[0] if str(error).strip() else "incomplete JSON"
            return f"invalid JSON ({reason})"
        return f"the file cannot be read ({error})"
