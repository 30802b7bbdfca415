"""Which regime applies at and around every threshold, on the day before and on the day it changed.

The expected numbers are written out here on purpose, independently of the data files, so a
wrong edit in thresholds.toml makes these tests fail. A value EQUAL to a threshold is caught by
it: the law applies when the estimated value "er lik eller overstiger" the threshold.
"""

from __future__ import annotations

from datetime import date

import pytest

from veier.advisor.engine import AdvisorInputError, assess

OTHER_BUYERS = ("municipality", "county", "other_public")


def regime_of(day: str, buyer: str, subject: str, value: int) -> str:
    return assess(
        buyer=buyer,
        decision_date=date.fromisoformat(day),
        value_nok=value,
        subject=subject,
        novelty="existing",
        mutual_obligation=True,
    ).regime.code


# (decision date, buyer, subject, value in NOK, expected regime)
LOWER_LIMIT = [
    ("2017-01-01", "municipality", "services", 99_999, "outside"),
    ("2017-01-01", "municipality", "services", 100_000, "part1"),
    ("2026-06-30", "state", "goods", 100_000, "part1"),
    ("2026-06-30", "state", "goods", 499_999, "part1"),
    ("2026-07-01", "state", "goods", 499_999, "outside"),
    ("2026-07-01", "state", "goods", 500_000, "part1"),
    ("2026-07-01", "municipality", "health_social", 499_999, "outside"),
    ("2026-07-01", "municipality", "works", 500_000, "part1"),
]

NATIONAL = [
    ("2017-01-01", "municipality", "goods", 1_099_999, "part1"),
    ("2017-01-01", "municipality", "goods", 1_100_000, "part1+2"),
    ("2018-04-05", "county", "services", 1_100_000, "part1+2"),
    ("2018-04-06", "county", "services", 1_100_000, "part1"),
    ("2018-04-06", "county", "services", 1_299_999, "part1"),
    ("2018-04-06", "county", "services", 1_300_000, "part1+2"),
    ("2026-11-29", "municipality", "works", 1_299_999, "part1"),
    ("2026-11-29", "municipality", "works", 1_300_000, "part1+2"),
    ("2026-11-29", "municipality", "other_special", 1_300_000, "part1+2"),
]

EEA_STATE = [
    # In 2017 the state EEA threshold equalled the national one: no Part II band for state bodies.
    ("2017-01-01", "state", "services", 1_099_999, "part1"),
    ("2017-01-01", "state", "services", 1_100_000, "part1+3"),
    ("2018-04-05", "state", "services", 1_299_999, "part1+3"),
    ("2018-04-06", "state", "services", 1_299_999, "part1"),
    ("2018-04-06", "state", "services", 1_300_000, "part1+3"),
    ("2020-02-12", "state", "goods", 1_300_000, "part1+3"),
    ("2022-03-22", "state", "goods", 1_300_000, "part1+3"),
    ("2022-03-23", "state", "goods", 1_300_000, "part1+2"),
    ("2022-03-23", "state", "goods", 1_399_999, "part1+2"),
    ("2022-03-23", "state", "goods", 1_400_000, "part1+3"),
    ("2024-03-13", "state", "goods", 1_400_000, "part1+3"),
    ("2024-03-14", "state", "goods", 1_400_000, "part1+2"),
    ("2024-03-14", "state", "goods", 1_489_999, "part1+2"),
    ("2024-03-14", "state", "goods", 1_490_000, "part1+3"),
]

EEA_OTHER = [
    ("2017-01-01", "municipality", "services", 1_749_999, "part1+2"),
    ("2017-01-01", "municipality", "services", 1_750_000, "part1+3"),
    ("2018-04-05", "municipality", "services", 1_750_000, "part1+3"),
    ("2018-04-06", "municipality", "services", 1_750_000, "part1+2"),
    ("2018-04-06", "municipality", "services", 1_999_999, "part1+2"),
    ("2018-04-06", "municipality", "services", 2_000_000, "part1+3"),
    ("2020-02-11", "municipality", "services", 2_000_000, "part1+3"),
    ("2020-02-12", "municipality", "services", 2_000_000, "part1+2"),
    ("2020-02-12", "municipality", "services", 2_049_999, "part1+2"),
    ("2020-02-12", "municipality", "services", 2_050_000, "part1+3"),
    ("2022-03-22", "county", "goods", 2_050_000, "part1+3"),
    ("2022-03-23", "county", "goods", 2_050_000, "part1+2"),
    ("2022-03-23", "county", "goods", 2_199_999, "part1+2"),
    ("2022-03-23", "county", "goods", 2_200_000, "part1+3"),
    ("2024-03-13", "other_public", "goods", 2_200_000, "part1+3"),
    ("2024-03-14", "other_public", "goods", 2_200_000, "part1+2"),
    ("2024-03-14", "other_public", "goods", 2_299_999, "part1+2"),
    ("2024-03-14", "other_public", "goods", 2_300_000, "part1+3"),
]

EEA_WORKS = [
    ("2017-01-01", "state", "works", 43_999_999, "part1+2"),
    ("2017-01-01", "state", "works", 44_000_000, "part1+3"),
    ("2018-04-05", "municipality", "works", 44_000_000, "part1+3"),
    ("2018-04-06", "municipality", "works", 44_000_000, "part1+2"),
    ("2018-04-06", "municipality", "works", 50_999_999, "part1+2"),
    ("2018-04-06", "municipality", "works", 51_000_000, "part1+3"),
    ("2020-02-11", "municipality", "works", 51_000_000, "part1+3"),
    ("2020-02-12", "municipality", "works", 51_000_000, "part1+2"),
    ("2020-02-12", "municipality", "works", 51_500_000, "part1+3"),
    ("2022-03-22", "municipality", "works", 55_999_999, "part1+3"),
    ("2022-03-23", "municipality", "works", 55_999_999, "part1+2"),
    ("2022-03-23", "municipality", "works", 56_000_000, "part1+3"),
    ("2024-03-13", "county", "works", 56_000_000, "part1+3"),
    ("2024-03-14", "county", "works", 56_000_000, "part1+2"),
    ("2024-03-14", "county", "works", 57_799_999, "part1+2"),
    ("2024-03-14", "county", "works", 57_800_000, "part1+3"),
]

HEALTH_SOCIAL = [
    # Below the EEA threshold only Part I applies, even far above the national threshold.
    ("2017-01-01", "municipality", "health_social", 6_299_999, "part1"),
    ("2017-01-01", "municipality", "health_social", 6_300_000, "part1+ch30"),
    ("2018-04-05", "state", "health_social", 6_300_000, "part1+ch30"),
    ("2018-04-06", "state", "health_social", 6_300_000, "part1"),
    ("2018-04-06", "state", "health_social", 6_949_999, "part1"),
    ("2018-04-06", "state", "health_social", 6_950_000, "part1+ch30"),
    ("2020-02-11", "county", "health_social", 7_199_999, "part1+ch30"),
    ("2020-02-12", "county", "health_social", 7_199_999, "part1"),
    ("2020-02-12", "county", "health_social", 7_200_000, "part1+ch30"),
    ("2022-03-22", "municipality", "health_social", 7_799_999, "part1+ch30"),
    ("2022-03-23", "municipality", "health_social", 7_799_999, "part1"),
    ("2022-03-23", "municipality", "health_social", 7_800_000, "part1+ch30"),
    ("2024-03-14", "municipality", "health_social", 7_800_000, "part1+ch30"),
]

OTHER_SPECIAL = [
    # Other special services stay under Part II above their EEA threshold (some Part III rules added).
    ("2024-03-14", "municipality", "other_special", 7_799_999, "part1+2"),
    ("2024-03-14", "municipality", "other_special", 7_800_000, "part1+2"),
    ("2024-03-14", "state", "other_special", 50_000_000, "part1+2"),
]

ALL_CASES = [
    *(pytest.param(*case, id=f"lower-{i}") for i, case in enumerate(LOWER_LIMIT)),
    *(pytest.param(*case, id=f"national-{i}") for i, case in enumerate(NATIONAL)),
    *(pytest.param(*case, id=f"eea-state-{i}") for i, case in enumerate(EEA_STATE)),
    *(pytest.param(*case, id=f"eea-other-{i}") for i, case in enumerate(EEA_OTHER)),
    *(pytest.param(*case, id=f"eea-works-{i}") for i, case in enumerate(EEA_WORKS)),
    *(pytest.param(*case, id=f"health-social-{i}") for i, case in enumerate(HEALTH_SOCIAL)),
    *(pytest.param(*case, id=f"other-special-{i}") for i, case in enumerate(OTHER_SPECIAL)),
]


@pytest.mark.parametrize(("day", "buyer", "subject", "value", "expected"), ALL_CASES)
def test_regime_at_and_around_threshold(
    day: str, buyer: str, subject: str, value: int, expected: str
) -> None:
    assert regime_of(day, buyer, subject, value) == expected


@pytest.mark.parametrize("buyer", OTHER_BUYERS)
def test_municipalities_counties_and_other_public_bodies_share_the_other_authorities_threshold(
    buyer: str,
) -> None:
    assert regime_of("2024-03-14", buyer, "services", 2_299_999) == "part1+2"
    assert regime_of("2024-03-14", buyer, "services", 2_300_000) == "part1+3"


def test_value_with_ore_just_below_a_threshold_stays_below() -> None:
    assert regime_of("2024-03-14", "municipality", "services", 1_299_999.99) == "part1"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("key", "day", "value"),
    [
        ("lower_limit", "2026-06-30", 100_000),
        ("lower_limit", "2026-07-01", 500_000),
        ("national", "2018-04-05", 1_100_000),
        ("national", "2018-04-06", 1_300_000),
        ("eea_other", "2024-03-14", 2_300_000),
        ("eea_health_social", "2020-02-12", 7_200_000),
    ],
)
def test_answer_reports_the_threshold_value_in_force_on_the_decision_date(
    key: str, day: str, value: int
) -> None:
    subject = "health_social" if key == "eea_health_social" else "services"
    answer = assess(
        buyer="municipality",
        decision_date=date.fromisoformat(day),
        value_nok=150_000,
        subject=subject,
        novelty="existing",
        mutual_obligation=True,
    ).to_dict("en")
    reported = answer["regime"]["thresholds"][key]
    assert reported["value"] == value
    assert reported["valid_from"] <= day
    assert reported["source"].startswith("http")


def test_day_before_coverage_is_rejected() -> None:
    with pytest.raises(AdvisorInputError) as raised:
        regime_of("2016-12-31", "municipality", "goods", 50_000)
    assert (raised.value.field, raised.value.code) == ("decision_date", "before_coverage")
