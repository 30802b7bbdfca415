"""The strict Content-Security-Policy breaks nothing: the main pages load without a single CSP violation.

Chromium reports every blocked script, style, image or font as a console error mentioning
"Content Security Policy"; a page error (an uncaught exception) would show a script that broke.
"""

import pytest
from django.core.management import call_command

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_PAGES = ["/", "/finn-aktorer/", "/kommuner/5001/", "/utfordringer/", "/veiviser/", "/konto/registrer/",
                "/konto/logg-inn/", "/personvern/", "/api/v1/docs"]
MEMBER_PAGES = ["/effekt/", "/konto/profil/", "/aktorer/trondheim-kommune/logg/"]


@pytest.fixture(autouse=True)
def reference(transactional_db):
    """Kommuner and service areas: browser tests flush the database, migrations' data included."""
    call_command("load_reference", stdout=open("/dev/null", "w"))  # noqa: SIM115


def watch(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}"))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    return problems


def csp_violations(problems: list[str]) -> list[str]:
    return [problem for problem in problems if "Content Security Policy" in problem or "page error" in problem]


def test_public_pages_load_without_csp_violations(page):
    problems = watch(page)
    for path in PUBLIC_PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    assert csp_violations(problems) == []


def test_member_pages_and_the_advisor_wizard_work_under_the_policy(page, kari, trondheim_kommune):
    problems = watch(page)
    page.goto("/konto/logg-inn/")
    page.locator("input[name=username]").fill(kari.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form-stack button[type=submit], main form button[type=submit]").first.click()
    page.wait_for_url("**/konto/profil/")
    for path in MEMBER_PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    assert csp_violations(problems) == []
