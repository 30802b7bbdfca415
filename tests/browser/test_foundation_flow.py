"""A newcomer signs up, confirms, logs in, switches language and registers an organisation.

axe-core checks every page on the way for WCAG 2.1 A/AA violations.
"""

import re

import pytest
from django.core import mail

from veier.organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_confirm_log_in_switch_language_and_create_an_organisation(page, assert_accessible):
    page.goto("/")
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Registrer deg").click()
    assert_accessible(page)
    page.get_by_label("Fullt navn").fill("Nora Berg")
    page.get_by_label("E-postadresse").fill("nora@example.no")
    page.get_by_label("Passord").fill("123")
    page.get_by_role("button", name="Opprett konto").click()
    # A bad password keeps everything else that was typed, and the error summary is accessible.
    assert page.get_by_label("Fullt navn").input_value() == "Nora Berg"
    assert page.locator(".ds-error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Passord").fill("lang-og-sikker-frase-9")
    page.get_by_role("button", name="Opprett konto").click()
    page.get_by_role("heading", name="Sjekk e-posten din").wait_for()
    assert_accessible(page)

    path = re.search(r"/konto/bekreft/\S+/", mail.outbox[-1].body).group(0)
    page.goto(path)
    page.get_by_role("heading", name="Profilen din").wait_for()
    assert_accessible(page)

    page.get_by_role("button", name="Logg ut").click()
    page.get_by_role("link", name="Logg inn").click()
    page.get_by_label("E-postadresse").fill("nora@example.no")
    page.get_by_label("Passord").fill("lang-og-sikker-frase-9")
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("heading", name="Profilen din").wait_for()

    page.get_by_role("button", name="Norsk nynorsk").click()
    page.get_by_role("heading", name="Profilen din").wait_for()
    assert page.locator("html").get_attribute("lang") == "nn"
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Registrer ein organisasjon").click()
    assert_accessible(page)
    page.get_by_label("Sosial entreprenør").check()
    page.get_by_label("Namn").fill("Ombruk Trøndelag SA")
    page.get_by_label("Organisasjonsnummer").fill("974 760 673")
    page.get_by_role("combobox", name=re.compile("^Kommune")).select_option("5001")
    page.get_by_role("button", name="Registrer", exact=True).click()
    page.get_by_role("heading", name="Ombruk Trøndelag SA").wait_for()
    assert page.get_by_text("974 760 673").is_visible()
    assert_accessible(page)

    organisation = Organisation.objects.get(name="Ombruk Trøndelag SA")
    assert Membership.objects.get(organisation=organisation).user.email == "nora@example.no"

    page.get_by_role("button", name="English").click()
    page.get_by_role("link", name="Find actors").click()
    page.get_by_role("link", name="Ombruk Trøndelag SA").wait_for()
    assert_accessible(page)


def test_the_vendored_design_system_and_fonts_are_served_by_veier_itself(page):
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    page.goto("/")
    sheets = page.evaluate("[...document.styleSheets].map(s => [s.href, s.cssRules.length])")
    assert len(sheets) == 4 and all(count > 0 for _, count in sheets), sheets
    assert all(href.startswith(page.url.split("/", 3)[0] + "//" + page.url.split("/")[2]) for href, _ in sheets)
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px Inter')")
    assert failed == []


def test_the_site_is_usable_with_the_keyboard_alone(page, assert_accessible):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Hopp til hovedinnhold"
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # Focus is visible: the focused element draws an outline.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_error_pages_are_accessible(page, assert_accessible):
    response = page.goto("/finnes-ikke/")
    assert response.status == 404
    assert_accessible(page)
