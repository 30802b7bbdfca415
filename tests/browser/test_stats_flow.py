"""Someone reads the national statistics: chart, tables and the fylke and kommune maps; axe-core checks the page."""

import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests.conftest import make_user
from veier.collaborations.services import create_collaboration
from veier.organisations.models import Organisation

pytestmark = pytest.mark.django_db(transaction=True)


def test_reading_the_statistics_page(page, transactional_db, assert_accessible):
    call_command("load_reference", stdout=open("/dev/null", "w"))
    cache.clear()
    user = make_user("kari@trondheim.example")
    body = Organisation.objects.create(kind="public_body", public_body_type="kommune", name="Trondheim kommune",
                                       slug="trondheim-kommune", kommune_id="5001", fylke_id="50")
    create_collaboration(title="Besøksvenner", public_body=body, created_by=user, service_area_id="loneliness",
                         form="pilot_agreement", stage="pilot")
    page.goto("/statistikk/")
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Statistics", exact=True).wait_for()
    page.locator("canvas[data-chart='chart-month'][data-rendered='true']").wait_for()  # Chart.js drew it
    table = page.get_by_role("table", name="By fylke")
    assert "Trøndelag" in table.get_by_role("row", name="Trøndelag").inner_text()
    assert page.get_by_role("img", name="Map of Norway's fylker, shaded by the number of collaborations").is_visible()
    assert page.locator("path[data-fylke='50'] title").text_content() == "Trøndelag: 1 collaboration"
    assert page.get_by_text("© Kartverket").first.is_visible()
    # The kommune map, and its numbers as a table behind a disclosure.
    assert page.get_by_role("img", name="Map of Norway's kommuner, shaded by the number of collaborations").is_visible()
    assert page.locator("path[data-kommune='5001'] title").text_content() == "Trondheim - Tråante: 1 collaboration"
    page.get_by_text("The numbers by kommune (table)").click()
    row = page.get_by_role("table", name="By kommune").get_by_role("row", name="Trondheim - Tråante")
    row.wait_for()
    assert row.inner_text().split() == ["Trondheim", "-", "Tråante", "1", "0", "0"]
    assert_accessible(page)
    cache.clear()
