"""The bulk file reader's own organisation-number check agrees with organisations.orgnr."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from veier.organisations import orgnr
from veier.registry.bulkfile import valid_orgnr


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_the_fast_check_agrees_with_orgnr_on_nine_digits(digits):
    assert (valid_orgnr(digits) is not None) is orgnr.is_valid(digits)


@given(st.text(alphabet="0123456789 .-x", max_size=13))
def test_anything_else_is_normalised_by_orgnr(value):
    expected = orgnr.normalise(value) if orgnr.is_valid(value) else None
    assert valid_orgnr(value) == expected


def test_known_numbers():
    assert valid_orgnr("974760673") == "974760673"
    assert valid_orgnr("974 760 673") == "974760673"
    assert valid_orgnr("974760674") is None
    assert valid_orgnr("١٢٣٤٥٦٧٨٩") is None  # Arabic-Indic digits are digits, but not an organisation number
