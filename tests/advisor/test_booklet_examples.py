"""The examples of «Veier til samarbeid» (KMD 2017, chapter 3 «Samarbeidsformer») as test cases.

Facts from the booklet: Trondheim kommune paid for a pilot of JodaCare in two institutions for
about six months, and a lasting commitment needs an ordinary procurement; municipalities pay BUA
NOK 5 000 a year, which the booklet notes is below the threshold; Kjør for livet AS has running
operating agreements with municipalities, anchored in the child-welfare unit; Steinkjer kommune
and Noen AS agreed to review their dementia work together. Amounts the booklet does not give are
marked as assumptions below.
"""

from __future__ import annotations

from datetime import date

import pytest

from veier.advisor.engine import Assessment, assess

BOOKLET_LAUNCH = date(2017, 2, 28)


def fit(assessment: Assessment, code: str) -> str:
    return assessment.form(code).fit


# --------------------------------------------------------------------- Trondheim / JodaCare


@pytest.fixture
def trondheim_pilot() -> Assessment:
    """Trondheim pays JodaCare for a six-month pilot in two institutions.

    Assumption: NOK 200 000 (the booklet gives no amount, only that the municipality paid).
    The vendor improved the product from user feedback, so the novelty is "adapt".
    """
    return assess(
        buyer="municipality",
        decision_date=BOOKLET_LAUNCH,
        value_nok=200_000,
        subject="services",
        novelty="adapt",
        mutual_obligation=True,
    )


def test_trondheim_pilot_is_a_recommended_pilot_agreement_under_part_1(trondheim_pilot: Assessment) -> None:
    assert trondheim_pilot.regime.code == "part1"
    assert fit(trondheim_pilot, "pilot_agreement") == "recommended"


def test_trondheim_pilot_reminds_that_a_lasting_agreement_needs_an_ordinary_procurement(
    trondheim_pilot: Assessment,
) -> None:
    reasons = trondheim_pilot.form("pilot_agreement").reasons
    assert any("pilot_follow_up.2017-01-01" in reason.refs for reason in reasons)
    assert "myth.pilot_keeps_supplier" in {m.id for m in trondheim_pilot.myths}


def test_rolling_out_jodacare_to_all_institutions_afterwards_is_an_eea_procurement() -> None:
    """Assumption: a four-year roll-out worth NOK 3 million, decided today."""
    roll_out = assess(
        buyer="municipality",
        decision_date=date(2026, 11, 29),
        value_nok=3_000_000,
        subject="services",
        novelty="existing",
        mutual_obligation=True,
    )
    assert roll_out.regime.code == "part1+3"
    assert fit(roll_out, "pilot_agreement") == "not_allowed"
    assert fit(roll_out, "direct_purchase") == "not_allowed"
    assert fit(roll_out, "open_competition") == "recommended"


# ------------------------------------------------------------------------------------ BUA


def bua_subscription(years: int, *, day: date = BOOKLET_LAUNCH) -> Assessment:
    """A municipality pays BUA's connection fee of NOK 5 000 a year for ``years`` years."""
    return assess(
        buyer="municipality",
        decision_date=day,
        value_nok=5_000 * years,
        subject="services",
        novelty="existing",
        mutual_obligation=True,
    )


def test_bua_subscription_for_four_years_is_below_the_threshold_and_recommended() -> None:
    subscription = bua_subscription(4)
    assert subscription.regime.code == "outside"
    assert fit(subscription, "subscription") == "recommended"
    assert fit(subscription, "direct_purchase") == "recommended"
    assert "BUA" in subscription.to_dict("nb")["forms"][3]["reasons"][0]["text"]


def test_bua_subscription_is_counted_over_the_whole_term() -> None:
    # 19 years stay below NOK 100 000; at 20 years the value reaches the lower limit itself.
    assert bua_subscription(19).regime.code == "outside"
    twenty_years = bua_subscription(20)
    assert twenty_years.regime.code == "part1"
    assert fit(twenty_years, "subscription") == "possible"


# --------------------------------------------------------------------- Kjør for livet


def kjor_for_livet(value: int, *, day: date, subject: str = "health_social") -> Assessment:
    """Kjør for livet AS (a company, not a non-profit) runs an established programme for a municipality.

    Assumptions: the programme is a child-welfare (social) service, and the amounts follow the
    Frøya example from outside the booklet: NOK 120 000 a year paid by the municipality, NOK
    360 000 a year for the whole club, over a four-year agreement.
    """
    return assess(
        buyer="municipality",
        decision_date=day,
        value_nok=value,
        subject=subject,
        novelty="existing",
        mutual_obligation=True,
        supplier={"nonprofit": False},
    )


def test_kjor_for_livet_operating_agreement_is_recommended_under_part_1() -> None:
    agreement = kjor_for_livet(4 * 120_000, day=date(2017, 9, 8))
    assert agreement.regime.code == "part1"
    assert fit(agreement, "operating_agreement") == "recommended"
    assert "Kjør for livet" in agreement.to_dict("en")["forms"][4]["reasons"][0]["text"]


def test_kjor_for_livet_cannot_use_the_non_profit_reservation() -> None:
    assert fit(kjor_for_livet(4 * 120_000, day=date(2017, 9, 8)), "reserved_nonprofit") == "not_allowed"


def test_kjor_for_livet_full_cost_stays_in_part_1_because_it_is_a_social_service() -> None:
    """NOK 1.44 million is above the national threshold, yet health and social services stay in Part I."""
    as_social_service = kjor_for_livet(4 * 360_000, day=date(2024, 5, 1))
    as_ordinary_service = kjor_for_livet(4 * 360_000, day=date(2024, 5, 1), subject="services")
    assert as_social_service.regime.code == "part1"
    assert as_ordinary_service.regime.code == "part1+2"


def test_kjor_for_livet_municipal_share_falls_outside_the_rules_after_the_2026_reform() -> None:
    assert kjor_for_livet(4 * 120_000, day=date(2026, 6, 30)).regime.code == "part1"
    assert kjor_for_livet(4 * 120_000, day=date(2026, 7, 1)).regime.code == "outside"


# ------------------------------------------------------------------------ Steinkjer / Noen


def test_steinkjer_and_noen_joint_review_without_payment_is_an_exploratory_agreement() -> None:
    review = assess(
        buyer="municipality",
        decision_date=BOOKLET_LAUNCH,
        value_nok=0,
        subject="health_social",
        novelty="new",
        mutual_obligation=False,
    )
    assert review.regime.code == "not_procurement"
    assert fit(review, "exploratory_agreement") == "recommended"
    assert fit(review, "pilot_agreement") == "not_allowed"


def test_steinkjer_follow_up_as_research_cooperation_is_recommended() -> None:
    follow_up = assess(
        buyer="municipality",
        decision_date=BOOKLET_LAUNCH,
        value_nok=400_000,
        subject="health_social",
        novelty="research",
        mutual_obligation=True,
    )
    assert fit(follow_up, "rnd_cooperation") == "recommended"
    assert fit(follow_up, "pre_commercial") == "recommended"
