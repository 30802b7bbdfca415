"""Specification of display rounding and Norwegian number formatting."""

from decimal import Decimal

import pytest

from veier.impact.engine import format_months, format_nok, format_number, format_percent, format_ratio, round_half_up

NBSP = "\u00a0"


def test_ratio_rounds_half_up_despite_binary_float():
    """2.675 is stored as 2.67499…; built-in round() gives 2.67, the display must show 2,68."""
    assert round(2.675, 2) == 2.67  # the trap
    assert format_ratio(2.675) == "2,68"


def test_amount_in_kroner_has_grouped_thousands_and_decimal_comma():
    assert format_nok(1234567.891) == f"1{NBSP}234{NBSP}567,89{NBSP}kr"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0,00"),
        (999.994, "999,99"),
        (999.995, f"1{NBSP}000,00"),
        (1000, f"1{NBSP}000,00"),
        (123456, f"123{NBSP}456,00"),
        (-1234.5, f"\u22121{NBSP}234,50"),
        (-0.001, "0,00"),
        (Decimal("2.005"), "2,01"),
        (1e15, f"1{NBSP}000{NBSP}000{NBSP}000{NBSP}000{NBSP}000,00"),
    ],
)
def test_number_formatting(value, expected):
    assert format_number(value) == expected


def test_no_decimals_when_places_is_zero():
    assert format_nok(1234.5, places=0) == f"1{NBSP}235{NBSP}kr"


def test_round_half_up_rounds_halves_away_from_zero():
    assert round_half_up(0.125) == Decimal("0.13")
    assert round_half_up(-2.675) == Decimal("-2.68")
    assert round_half_up(1.5, places=0) == Decimal("2")


def test_percent_and_months():
    assert format_percent(0.125) == f"12,5{NBSP}%"
    assert format_percent(0.0005) == f"0,1{NBSP}%"
    assert format_months(14.0056) == "14,0"
    assert format_months(None) == "\u2013"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), Decimal("NaN")])
def test_non_finite_numbers_cannot_be_displayed(value):
    with pytest.raises(ValueError):
        format_number(value)


@pytest.mark.parametrize("value", [True, "1.5", None])
def test_non_numbers_cannot_be_displayed(value):
    with pytest.raises(TypeError):
        format_number(value)
