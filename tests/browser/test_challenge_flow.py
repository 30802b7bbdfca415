"""The whole meeting place: a kommune posts a challenge, sees matched entrepreneurs with reasons,
an entrepreneur pitches, messages go both ways, and the kommune moves the pitch on.

axe-core checks every page on the way.
"""

import re

import pytest
from django.core.management import call_command

from tests.conftest import PASSWORD, make_user
from veier.directory.services import create_entrepreneur
from veier.organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def meeting_place(transactional_db):
    call_command("load_reference", stdout=open("/dev/null", "w"))
    besoksvenn = create_entrepreneur(
        orgnr="974760673", name="Besøksvenn AS", summary="Besøksvenner mot ensomhet",
        description="Frivillige besøksvenner for eldre som bor alene.",
        service_areas=["loneliness", "elderly-care"], target_groups=["elderly"], fylker=["50"], kommuner=[],
    )
    create_entrepreneur(
        orgnr="923609016", name="Ombruksverkstedet SA", description="Arbeidstrening for unge voksne.",
        service_areas=["work-inclusion"], target_groups=["young-adults"], kommuner=["4601"], fylker=[],
    )
    trondheim = Organisation.objects.create(kind="public_body", public_body_type="kommune", name="Trondheim kommune",
                                            slug="trondheim-kommune", kommune_id="5001", fylke_id="50")
    kari = make_user("kari@trondheim.example", full_name="Kari Nordmann")
    Membership.objects.create(organisation=trondheim, user=kari, role="admin")
    aslak = make_user("aslak@besoksvenn.example", full_name="Aslak Gründer")
    Membership.objects.create(organisation=besoksvenn.organisation, user=aslak, role="admin")


def log_in(page, email):
    page.context.clear_cookies()
    page.goto("/konto/logg-inn/")
    page.get_by_label("E-postadresse").fill(email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("heading", name="Profilen din").wait_for()


def test_from_challenge_to_pitch_to_dialogue(page, meeting_place, assert_accessible):
    log_in(page, "kari@trondheim.example")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Hovedområder").get_by_role("link", name="Utfordringer").click()
    assert_accessible(page)
    page.get_by_role("link", name="Legg ut en utfordring").click()
    page.get_by_label("Tittel").fill("Mindre ensomhet blant eldre")
    page.get_by_label("Behovet").fill("Mange eldre som bor hjemme, føler seg ensomme og isolerte.")
    page.get_by_label("Ensomhet og sosial deltakelse").check()
    page.get_by_label("Eldre", exact=True).check()
    page.get_by_label("Publisert").check()
    page.get_by_role("button", name="Lagre").click()
    page.get_by_role("heading", name="Mindre ensomhet blant eldre").wait_for()
    matches = page.locator(".match-list > li")
    assert "Besøksvenn AS" in matches.first.inner_text()
    assert "tjenesteområde: ensomhet og sosial deltakelse" in matches.first.inner_text().lower()  # names what matched
    assert_accessible(page)
    challenge_url = page.url

    log_in(page, "aslak@besoksvenn.example")
    page.goto(challenge_url)
    with page.expect_navigation():
        page.get_by_role("link", name="Pitch ideen din").click()
    assert_accessible(page)
    page.get_by_label("Tittel på ideen").fill("Besøksvenner i hjemmetjenesten")
    page.get_by_label("Problemet").fill("Ensomhet blant eldre som bor hjemme.")
    page.get_by_label("Målgruppen").fill("Rundt 200 eldre som bor alene.")
    page.get_by_label("Løsningen deres").fill("Faste besøksvenner hver uke.")
    page.get_by_label("Hva dere ber den offentlige virksomheten om").fill("Et møte og en pilot.")
    page.get_by_role("button", name="Send pitch").click()
    page.get_by_role("heading", name="Besøksvenner i hjemmetjenesten").wait_for()
    pitch_url = page.url
    assert_accessible(page)

    log_in(page, "kari@trondheim.example")
    page.goto(pitch_url)
    assert page.locator("#pitch-state").inner_text() == "Lest"
    page.get_by_label("Melding").fill("Spennende! Kan dere møte oss neste uke?")
    page.get_by_role("button", name="Send melding").click()
    page.get_by_text("Spennende! Kan dere møte oss neste uke?").wait_for()

    log_in(page, "aslak@besoksvenn.example")
    page.goto(pitch_url)
    page.get_by_label("Melding").fill("Ja, tirsdag passer fint.")
    page.get_by_role("button", name="Send melding").click()
    page.get_by_text("Ja, tirsdag passer fint.").wait_for()

    log_in(page, "kari@trondheim.example")
    page.goto(pitch_url)
    page.get_by_label("Flytt pitchen til").select_option("dialogue")
    page.get_by_role("button", name="Lagre status").click()
    page.locator("#pitch-state", has_text="I dialog").wait_for()
    assert re.search(r"/utfordringer/pitcher/\d+/$", page.url)
    assert_accessible(page)
