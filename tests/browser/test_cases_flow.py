"""Someone filters the case library and reads an example; axe-core checks every page."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)


def test_filtering_the_case_library(page, transactional_db, assert_accessible):
    call_command("load_reference", stdout=open("/dev/null", "w"))
    call_command("load_cases", stdout=open("/dev/null", "w"))
    page.goto("/eksempler/")
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Examples", exact=True).wait_for()
    assert_accessible(page)
    page.get_by_label("Service area").select_option("dementia")  # htmx swaps the results
    page.locator("#result-count", has_text="2 of").wait_for()
    page.get_by_label("Kommune size").select_option("city")
    page.locator("#result-count", has_text="1 of").wait_for()
    assert "service_area=dementia" in page.url
    assert_accessible(page)
    page.get_by_role("link", name="Digital contact with relatives of people with dementia").click()
    page.get_by_role("heading", name="Lessons").wait_for()
    assert page.get_by_text("Veier til samarbeid (KMD 2017)").is_visible()
    assert_accessible(page)
