"""Kari walks the collaboration guide, saves the result on a collaboration and downloads a draft.

htmx swaps one question at a time and pushes each question's URL, so the back button works. axe-core
checks every page on the way for WCAG 2.1 A/AA violations.
"""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client

from veier.collaborations.models import Collaboration
from veier.collaborations.services import create_collaboration

pytestmark = pytest.mark.django_db(transaction=True)

ANSWERS = [
    ("Who will pay for the service?", "A kommune (municipality)"),
    ("What will the social entrepreneur deliver?", re.compile("^Health and social services")),
    ("How new is the solution?", "It is new and must be developed or tried out"),
    ("Will the public body get something in return?", "Yes, an agreed delivery to us (a contract)"),
    ("What is the total value, in kroner?", "1 300 000"),
    ("When will the decision be made?", "2025-03-01"),
    ("Is the supplier a non-profit organisation?", "Yes"),
    ("Is the supplier a work-integration enterprise?", "No"),
    ("Should the payment depend on the results achieved?", "Don't know yet"),
]


@pytest.fixture
def besoksvenn_pilot(trondheim_kommune, besoksvenn, kari) -> Collaboration:
    return create_collaboration(title="Besøksvenn for eldre", public_body=trondheim_kommune,
                                entrepreneurs=[besoksvenn], created_by=kari, value_nok=Decimal("450000"))


@pytest.fixture
def kari_in_english(page, live_server, kari):
    """The browser logged in as Kari, with English chosen."""
    client = Client()
    client.force_login(kari)
    page.context.add_cookies([
        {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
         "url": live_server.url},
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url},
    ])
    return page


def answer(page, question, choice):
    page.get_by_text(question).first.wait_for()
    if choice in ("1 300 000", "2025-03-01"):
        page.get_by_label(question).fill(choice)
    else:
        page.get_by_role("radio", name=choice, exact=isinstance(choice, str)).check()


def test_walk_the_guide_save_the_result_and_download_a_draft(kari_in_english, besoksvenn_pilot, assert_accessible):
    page = kari_in_english
    page.goto("/")
    page.get_by_role("navigation", name="Main areas").get_by_role("link", name="Collaboration guide").click()
    page.get_by_role("heading", name="Collaboration guide").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Start the guide").click()

    for number, (question, choice) in enumerate(ANSWERS, start=1):
        page.get_by_text(f"Question {number} of {len(ANSWERS)}").wait_for()
        assert_accessible(page)
        if number == 5:
            # A bad amount is refused in place, and what was typed stays.
            page.get_by_label(question).fill("-10")
            page.get_by_role("button", name="Next").click()
            page.get_by_text("The amount cannot be negative.").first.wait_for()
            assert page.get_by_label(question).input_value() == "-10"
            assert_accessible(page)
        answer(page, question, choice)
        page.get_by_role("button", name="See the result" if number == len(ANSWERS) else "Next").click()
        if number == 2:
            # htmx pushed each question's URL: the back button returns to the previous question, answered.
            page.wait_for_url("**/veiviser/sporsmal/losning/")
            page.go_back()
            page.wait_for_url("**/veiviser/sporsmal/leveranse/")
            page.get_by_text("What will the social entrepreneur deliver?").first.wait_for()
            page.go_forward()
            page.wait_for_url("**/veiviser/sporsmal/losning/")

    page.wait_for_url("**/veiviser/resultat/")
    page.get_by_role("heading", name="Your result").wait_for()
    assert page.locator('[data-form="exploratory_agreement"]').get_attribute("data-fit") == "recommended"
    assert page.locator('[data-form="grant"]').get_attribute("data-fit") == "not_allowed"
    assert page.locator(".form-card").count() == 16
    page.get_by_role("heading", name="Myths that apply to your case").wait_for()
    assert page.locator("#myths-heading ~ .myth").count() >= 1
    assert_accessible(page)

    with page.expect_download() as pdf:
        page.get_by_role("link", name="Download as PDF").click()
    assert pdf.value.suggested_filename == "samarbeidsveiviser.pdf"

    with page.expect_navigation():
        page.get_by_role("link", name="Save on a collaboration").click()
    assert_accessible(page)
    page.get_by_role("combobox", name=re.compile("^Collaboration")).select_option(label="Besøksvenn for eldre")
    page.get_by_label("Chosen form of collaboration").select_option("pilot_agreement")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Besøksvenn for eldre").wait_for()
    assert page.get_by_test_id("form").inner_text() == "Pilot agreement"
    assert_accessible(page)
    besoksvenn_pilot.refresh_from_db()
    assert besoksvenn_pilot.form == "pilot_agreement"
    assert besoksvenn_pilot.assessment["regime"]["code"] == "part1"

    with page.expect_download() as docx:
        page.get_by_role("link", name="Word (.docx) – Pilotavtale").click()
    assert docx.value.suggested_filename == f"pilotavtale-utkast-{besoksvenn_pilot.pk}.docx"

    page.get_by_role("button", name="Norsk nynorsk").click()
    page.wait_for_load_state()
    page.locator('html[lang="nn"]').wait_for(state="attached")
    assert page.locator("html").get_attribute("lang") == "nn"
    assert_accessible(page)


def test_the_myth_catalogue_is_accessible(page, assert_accessible):
    page.goto("/veiviser/myter/")
    assert page.locator(".myth-list > li").count() >= 12
    assert_accessible(page)


def test_the_guide_works_without_javascript(browser, live_server, assert_accessible):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="en")
    context.add_cookies([{"name": "veier_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    page.goto("/veiviser/sporsmal/kjoper/")
    for number, (question, choice) in enumerate(ANSWERS, start=1):
        answer(page, question, choice)
        page.get_by_role("button", name="See the result" if number == len(ANSWERS) else "Next").click()
    page.get_by_role("heading", name="Your result").wait_for()
    assert page.url.endswith("/veiviser/resultat/")
    context.close()
