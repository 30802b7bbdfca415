"""Reading Enhetsregisteret's bulk file and mapping each unit to the values Veier keeps.

No Django imports: the importer may run this reader in a separate process, and the live lookup
(lookup.py) maps the API's JSON with the same `unit_values()`.

The bulk file (`/enhetsregisteret/api/enheter/lastned`) is one gzip-compressed JSON array of
1.2 million units, about 200 MB compressed and well over a gigabyte of JSON. It is read in
chunks of a few hundred kilobytes, so memory stays bounded by one batch. Whether the file is
gzip is decided by its first two bytes, not its name, so a plain .json file works too.

Parsing: ijson (yajl2_c) spends about 40–50 µs per unit, more than all the rest of the import.
So each chunk is cut after a unit that is followed by `,{"organisasjonsnummer"` (how the
register writes every unit) and the complete units before the cut are parsed with one
orjson.loads, about five times faster. A cut could fall inside a string or a nested object
that happens to contain that text, but then the piece is not valid JSON and orjson refuses it:
the piece is the file's own text from the start of a unit, so a parser fed `[` and the piece
and `]` accepts it only if the cut is really between two units of the array. A refused piece
is retried at earlier cuts; if none works (damaged JSON, an unusual file) ijson takes over
from the last good cut to the end of the file, so damaged files are reported exactly as
ijson reports them, with the same unit count and position. Without orjson, ijson reads all.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import marshal
import re
import traceback
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from operator import mul
from pathlib import Path
from typing import Any, BinaryIO

import ijson

try:
    import orjson
except ImportError:  # pragma: no cover - ijson reads everything then
    orjson = None

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
_ORGNR_ZERO = ord("0") * sum(_ORGNR_WEIGHTS)  # what the weights add up to for "00000000"
# PositiveIntegerField's upper bound on both databases; a larger number of employees is a mistake in the file.
MAX_EMPLOYEES = 2_147_483_647


# The chunked reader: how much to decompress at a time, how many cuts to try in a chunk before handing
# the rest of the file to ijson, and how long a unit may grow before ijson takes over (memory stays bounded).
IJSON_BUFFER = 64 * 1024  # what ijson.items() reads at a time
CHUNK_SIZE = 64 * 1024  # larger chunks parse more slowly (the objects of a chunk outgrow the CPU caches)
CUT_ATTEMPTS = 8
MAX_UNIT_BYTES = 16 * 1024 * 1024
_UNIT_KEY = b'"organisasjonsnummer"'
# What comes between one unit and the key that opens the next: "}", ",", "{" with any whitespace.
_BETWEEN_UNITS = re.compile(rb"\}[ \t\r\n]*,[ \t\r\n]*\{[ \t\r\n]*\Z")


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
        digits = value.encode()
        # The weighted sum of the eight digits; map() stops at the eight weights.
        remainder = (sum(map(mul, digits, _ORGNR_WEIGHTS)) - _ORGNR_ZERO) % 11
        control = 11 - remainder if remainder else 0
        return value if control == digits[8] - 48 else None  # a control digit of 10 matches no digit
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
    get = address.get
    lines = get("adresse")
    if lines.__class__ is list:
        lines = "\n".join([line for line in [line.strip() for line in lines if line.__class__ is str] if line])[:500]
    else:
        lines = ""
    postnummer, poststed = get("postnummer"), get("poststed")
    kommunenummer, landkode = get("kommunenummer"), get("landkode")
    # _text() inlined: this runs twice for each of 1.2 million units.
    return (
        lines,
        postnummer.strip()[:20] if postnummer.__class__ is str else "",
        poststed.strip()[:100] if poststed.__class__ is str else "",
        kommunenummer.strip()[:4] if kommunenummer.__class__ is str else "",
        landkode.strip()[:2] if landkode.__class__ is str else "",
    )


def unit_values(record: dict) -> tuple:
    """The values Veier keeps for one unit of the register's JSON, in VALUE_FIELDS order.

    Telephone, mobile and e-mail are never kept. For a sole proprietorship (and PERS) only the
    name, form, kommune, industry code and status flags are kept, because its name is a
    person's name and its address usually a home address. Dates stay ISO strings.
    """
    get = record.get
    form = get("organisasjonsform")
    form_code = _text(form.get("kode"), 8).upper() if form.__class__ is dict else ""
    industry = get("naeringskode1")
    if industry.__class__ is not dict:
        industry = {}
    business = _address(get("forretningsadresse"))
    postal = _address(get("postadresse"))
    employees = get("antallAnsatte")
    employees = (
        int(employees) if employees.__class__ in (int, float) and 0 <= employees <= MAX_EMPLOYEES else None
    )
    founded = _date(get("stiftelsesdato"))
    registered = _date(get("registreringsdatoEnhetsregisteret"))
    website = _text(get("hjemmeside"), 300)
    parent = _text(get("overordnetEnhet"), 9)
    if form_code in PERSONAL_FORMS:
        business = ("", "", "", business[3], "")
        postal = ("", "", "", postal[3], "")
        employees = founded = registered = None
        website = parent = ""
    return (
        _text(get("navn"), 500),
        form_code or None,
        _text(industry.get("kode"), 10),
        _text(industry.get("beskrivelse"), 300),
        *business,
        *postal,
        employees,
        founded,
        registered,
        website,
        get("registrertIFrivillighetsregisteret") is True,
        parent,
        get("konkurs") is True,
        get("underAvvikling") is True,
        get("underTvangsavviklingEllerTvangsopplosning") is True,
        _date(get("slettedato")),
    )


def content_hash(values: tuple) -> str:
    """A 16-byte BLAKE2b digest, in hex, of a unit's values: equal digests mean nothing changed."""
    text = "\x1f".join([value if value.__class__ is str else "" if value is None else str(value) for value in values])
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


# The file ----------------------------------------------------------------------------------------


def _cuts(text: bytes) -> Iterator[int]:
    """Offsets just after a "}" that is followed by `,{"organisasjonsnummer"`, the last one first.

    Each is where one unit of the register's array probably ends; the caller checks with orjson.
    """
    end = len(text)
    while (key := text.rfind(_UNIT_KEY, 0, end)) > 0:
        between = _BETWEEN_UNITS.search(text, max(0, key - 256), key)
        if between:
            yield between.start() + 1
        end = key



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
        self.align = 0

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # ijson asks for nothing to learn whether the stream gives bytes or text
            return b""
        if self.align and size > 0:  # end each read where it would have ended had ijson read from the start
            size = min(size, self.align - self.offset % self.align)
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
        if orjson is None:
            return ijson.items(self.reader, "item", use_float=True, buf_size=IJSON_BUFFER)
        return self._chunked_units()

    def _chunked_units(self) -> Iterator[Any]:
        """The units, parsed with orjson a chunk at a time; ijson takes over when a chunk cannot be cut.

        Invariant: `buf` is the file's text from offset `base` on, and a parser fed `opening` is
        in the state the file is in at `base` (`opening` is empty at the start of the file; after
        a unit it is "[0": inside the array after a value, which `skip` drops again).
        """
        reader = self.reader
        buf, base, opening, skip = b"", 0, b"", 0
        while True:
            data = reader.read(CHUNK_SIZE)
            buf += data
            if not data:  # the end: what is left must be the last units and the closing bracket
                try:
                    units = orjson.loads(opening + buf)
                except orjson.JSONDecodeError:
                    break
                yield from units[skip:]
                return
            cut = tried = 0
            for candidate in _cuts(buf):
                if tried == CUT_ATTEMPTS:
                    break
                tried += 1
                try:
                    units = orjson.loads(opening + buf[:candidate] + b"]")
                except orjson.JSONDecodeError:
                    continue
                cut = candidate
                break
            if not cut:
                if tried or len(buf) > MAX_UNIT_BYTES:
                    break  # the cuts were refused (damaged JSON?), or one unit is implausibly long
                continue  # no cut yet: the unit goes on in the next chunk
            yield from units[skip:]
            buf, base, opening, skip = buf[cut:], base + cut, b"[0", 1
        # ijson reads the rest, from the last good cut, and reports any damage as it always has.
        reader.prefix = opening + buf + reader.prefix  # and what is left of the first read
        reader.offset = base - len(opening)
        reader.align = IJSON_BUFFER  # so the position in a message is the same as if ijson had read everything
        for unit in ijson.items(reader, "item", use_float=True, buf_size=IJSON_BUFFER):
            if skip:
                skip = 0
                continue
            yield unit

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


def read_into_pipe(path: str, batch_size: int, pipe: Any) -> None:
    """Read the file's batches and send them down `pipe`: the body of the importer's reader process.

    Sends ("batch", rows, forms, read, skipped) for each batch (see Batch), then one of ("end",),
    ("error", the BulkFileError's message) or ("crash", a traceback), each marshalled. A send
    waits while the pipe is full, that is while the importer is still writing, so memory stays
    bounded by a few batches.
    """
    # Nothing read here forms reference cycles, so the cyclic collector would only spend time (about 15 %)
    # walking the parsed units; the process ends with the file.
    gc.disable()

    def send(message: tuple) -> None:
        # marshal, version 2 (no back-references): four times faster than pickle for these plain tuples
        # of str, int, bool and None. Both ends are the same Python.
        pipe.send_bytes(marshal.dumps(message, 2))

    try:
        with BulkFile(path) as bulk:
            for batch in bulk.batches(batch_size):
                send(("batch", batch.rows, batch.forms, batch.read, batch.skipped))
    except BulkFileError as error:
        send(("error", str(error)))
    except BaseException:  # noqa: BLE001 - the importer re-raises it as an error
        send(("crash", traceback.format_exc()))
    else:
        send(("end",))
    finally:
        pipe.close()
