"""A social entrepreneur finds a fitting grant; a kommune records de minimis aid and is warned about the ceiling.

Each test starts in English through the «English» button, and axe-core checks every page on the way.
"""

import pytest
from django.core.management import call_command

from tests.conftest import PASSWORD, make_user
from veier.funding.models import DeMinimisGrant
from veier.organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def catalogue(transactional_db):
    call_command("load_reference", stdout=open("/dev/null", "w"))
    call_command("load_funding", stdout=open("/dev/null", "w"))


def in_english(page, path):
    page.goto(path)
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()


def log_in(page, email):
    page.goto("/konto/logg-inn/")
    page.get_by_role("button", name="English").click()
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Your profile").wait_for()


def test_an_entrepreneur_finds_a_fitting_grant(page, catalogue, assert_accessible):
    in_english(page, "/finansiering/")
    page.get_by_role("heading", name="Funding", exact=True).wait_for()
    assert_accessible(page)
    page.get_by_label("Service area").select_option("housing")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="Tilskudd til utleieboliger").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="What fits us").click()
    page.get_by_label("We are a").select_option("entrepreneur")
    page.get_by_label("Organisation form").select_option("SA")
    page.get_by_label("Work inclusion").check()
    page.get_by_role("button", name="Find funding").click()
    page.get_by_role("heading", name="Schemes that fit you").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Tilskudd til sosialt entreprenørskap og sosiale entreprenører").click()
    page.get_by_role("heading", name="Tilskudd til sosialt entreprenørskap og sosiale entreprenører").wait_for()
    assert page.get_by_text("Last checked").is_visible()
    assert_accessible(page)


def test_a_kommune_records_de_minimis_aid_and_is_warned_about_the_ceiling(page, catalogue, assert_accessible):
    kari = make_user("kari@trondheim.example", full_name="Kari Nordmann")
    body = Organisation.objects.create(kind="public_body", public_body_type="kommune", name="Trondheim kommune",
                                       slug="trondheim-kommune", kommune_id="5001", fylke_id="50")
    Membership.objects.create(organisation=body, user=kari, role="admin")
    DeMinimisGrant.objects.create(public_body=body, orgnr="974760673", recipient_name="Besøksvenn AS",
                                  granted_on="2025-01-15", amount_nok=2_900_000, eur_rate=10,
                                  legal_basis="Forordning (EU) 2023/2831")
    log_in(page, "kari@trondheim.example")
    page.goto("/finansiering/bagatellstotte/")
    assert_accessible(page)
    page.get_by_role("link", name="Record a grant").first.click()
    page.get_by_label("Organisation number of the undertaking").fill("974 760 673")
    page.get_by_label("Name of the undertaking").fill("Besøksvenn AS")
    page.get_by_label("Date granted").fill("2025-06-01")
    page.get_by_label("Amount (NOK)").fill("200 000")
    page.get_by_label("Exchange rate used (NOK per EUR)").fill("10")
    page.get_by_label("Legal basis").fill("Forordning (EU) 2023/2831")
    page.get_by_role("button", name="Save the grant").click()
    page.get_by_role("heading", name="This grant would exceed the de minimis ceiling").wait_for()
    assert "EUR 10,000" in page.locator("#ceiling-check").inner_text()
    assert DeMinimisGrant.objects.count() == 1
    assert_accessible(page)
    page.get_by_label("Amount (NOK)").fill("100 000")
    page.get_by_role("button", name="Save the grant").click()
    page.get_by_role("heading", name="Besøksvenn AS").wait_for()
    assert DeMinimisGrant.objects.count() == 2
    assert_accessible(page)
