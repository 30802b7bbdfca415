"""A kommune finds an entrepreneur; an entrepreneur finds whom to contact at a kommune.

axe-core checks every page on the way.
"""

import re

import pytest
from django.core.management import call_command

from tests.conftest import PASSWORD, make_user
from veier.directory.models import FrontDoor
from veier.directory.services import create_entrepreneur
from veier.organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def directory(transactional_db):
    call_command("load_reference", stdout=open("/dev/null", "w"))
    create_entrepreneur(
        orgnr="974760673", name="Besøksvenn AS", organisation_form="AS", summary="Besøksvenner mot ensomhet",
        description="Frivillige besøksvenner for eldre, i samarbeid med kommunene.",
        service_areas=["loneliness", "elderly-care"], target_groups=["elderly"], fylker=["50"], kommuner=[],
    )
    create_entrepreneur(
        orgnr="923609016", name="Ombruksverkstedet SA", organisation_form="SA",
        description="Arbeidstrening for unge vaksne. Me samarbeider med kommunar på Vestlandet.",
        service_areas=["work-inclusion"], target_groups=["young-adults"], kommuner=["4601"], fylker=[],
    )
    trondheim = Organisation.objects.create(
        kind="public_body", public_body_type="kommune", name="Trondheim kommune", slug="trondheim-kommune",
        kommune_id="5001", fylke_id="50",
    )
    FrontDoor.objects.create(
        organisation=trondheim, service_area_id="elderly-care", unit_name="Helse og velferd",
        contact_role="Innovasjonsrådgiver", contact_name="Kari Nordmann", decides_on="administrative",
        how_to_pitch="Innspillsmøte første tirsdag i måneden.", email="innovasjon@trondheim.example",
    )
    kari = make_user("kari@trondheim.example", full_name="Kari Nordmann")
    Membership.objects.create(organisation=trondheim, user=kari, role="admin")
    return kari


def log_in(page, email):
    page.goto("/konto/logg-inn/")
    page.get_by_label("E-postadresse").fill(email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("heading", name="Profilen din").wait_for()


def test_a_kommune_user_finds_an_entrepreneur_by_a_stemmed_word_and_a_facet(page, directory, assert_accessible):
    log_in(page, "kari@trondheim.example")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Hovedområder").get_by_role("link", name="Finn aktører").click()
    assert_accessible(page)
    page.get_by_label("Søk").fill("kommunar")
    page.get_by_role("button", name="Søk").click()
    page.locator("#result-count", has_text="2 sosiale entreprenører").wait_for()
    page.get_by_label("Tjenesteområde").select_option("work-inclusion")  # htmx swaps the results
    page.locator("#result-count", has_text="1 sosial entreprenør").wait_for()
    assert page.get_by_role("link", name="Ombruksverkstedet SA").is_visible()
    assert re.search(r"service_area=work-inclusion", page.url)  # the filter is in the address, so back works
    assert_accessible(page)
    page.get_by_role("link", name="Ombruksverkstedet SA").click()
    page.get_by_role("heading", name="Ombruksverkstedet SA").wait_for()
    assert_accessible(page)


def test_an_entrepreneur_finds_the_contact_for_their_service_area_on_a_kommune_page(page, directory,
                                                                                     assert_accessible):
    page.goto("/kommuner/")
    assert_accessible(page)
    page.get_by_role("link", name="Trondheim - Tråante").click()
    page.get_by_role("heading", name="Hvem kontakter du om hva").wait_for()
    row = page.get_by_role("row", name=re.compile("Eldreomsorg"))
    assert "Innovasjonsrådgiver" in row.inner_text()
    assert row.get_by_role("link", name="innovasjon@trondheim.example").is_visible()
    assert_accessible(page)
    page.goto("/kommuner/4601/")
    assert page.get_by_text("har ikke beskrevet kontaktpunktene sine på Veier ennå").is_visible()
    assert_accessible(page)
