"""Small named fixtures for saved impact analyses."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tests.conftest import make_user
from veier.collaborations.services import create_collaboration
from veier.impact import services
from veier.impact.models import Indicator, Outcome


@pytest.fixture
def english(client):
    client.cookies["veier_language"] = "en"
    return client


@pytest.fixture
def aslak_client(english, aslak, besoksvenn):
    english.force_login(aslak)
    return english


@pytest.fixture
def outsider(db):
    """A confirmed user who belongs to no organisation involved."""
    return make_user("olav@annet.example", full_name="Olav Utenfor")


@pytest.fixture
def visiting_friends(besoksvenn, aslak):
    """Besøksvenn's analysis of its visiting-friends service, with the employment programme's one outcome."""
    analysis = services.create_analysis(
        organisation=besoksvenn, created_by=aslak, title="Besøksvenn i Trondheim",
        investment_nok=Decimal("250000"), discount_rate=Decimal("0.035"), discount_first_year=False,
        inputs="Frivillige\nKoordinator", activities="Ukentlige besøk", outputs="80 besøk i måneden",
        intended_outcomes="Mindre ensomhet", impact="Bedre folkehelse", stakeholders="Eldre\nKommunen",
    )
    services.save_outcome(
        Outcome(analysis=analysis), name="Sustained employment", stakeholder="participants", level="citizen",
        quantity=Decimal(60), proxy_value_nok=Decimal(8500), deadweight=Decimal("0.4"), displacement=Decimal(0),
        attribution=Decimal("0.3"), drop_off=Decimal("0.3"), duration_years=2, start_year=1,
    )
    return analysis


@pytest.fixture
def loneliness(visiting_friends):
    """An indicator with two measurements, target 50."""
    indicator = services.save_indicator(
        Indicator(analysis=visiting_friends), name="Participants who feel less lonely", unit="people",
        outcome=visiting_friends.outcomes.first(), baseline=Decimal(10), target=Decimal(50),
        data_source="Survey", frequency="quarterly",
    )
    services.record_measurements(indicator, [
        {"date": datetime.date(2025, 3, 31), "value": Decimal(18), "note": "Q1"},
        {"date": datetime.date(2025, 6, 30), "value": Decimal(27), "note": ""},
    ])
    return indicator


@pytest.fixture
def shared_collaboration(trondheim_kommune, besoksvenn, kari):
    """Trondheim kommune and Besøksvenn collaborate."""
    return create_collaboration(title="Besøksvenn for eldre", public_body=trondheim_kommune,
                                entrepreneurs=[besoksvenn], created_by=kari)
