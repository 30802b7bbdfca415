"""Norwegian organisation numbers: normalising, checking and formatting.

An organisation number (organisasjonsnummer) has nine digits; the last is a MOD11 control digit,
checked here with python-stdnum. It is stored as nine digits and shown as «974 760 673».
No Django imports: importers, forms and the API share this module.
"""

from __future__ import annotations

from stdnum.no import orgnr as stdnum_orgnr


class OrgnrError(ValueError):
    """An organisation number that is not valid; `code` says why ("format" or "checksum")."""

    def __init__(self, code: str, value: str) -> None:
        super().__init__(f"{code}: {value!r}")
        self.code = code
        self.value = value


def normalise(value: str) -> str:
    """Return the nine digits of an organisation number typed with or without spaces.

    Raises OrgnrError("format") when it is not nine digits and OrgnrError("checksum") when the
    control digit is wrong.
    """
    digits = "".join(ch for ch in str(value) if not ch.isspace() and ch not in ".-")
    if len(digits) != 9 or not digits.isdigit():
        raise OrgnrError("format", value)
    if not stdnum_orgnr.is_valid(digits):
        raise OrgnrError("checksum", value)
    return digits


def is_valid(value: str) -> bool:
    try:
        normalise(value)
    except OrgnrError:
        return False
    return True


def display(digits: str) -> str:
    """«974760673» → «974 760 673»; anything that is not nine digits is returned unchanged."""
    return f"{digits[0:3]} {digits[3:6]} {digits[6:9]}" if len(digits) == 9 and digits.isdigit() else digits
