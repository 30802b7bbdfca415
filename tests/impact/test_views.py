"""Pages under /effekt/: analyses, logic model, outcomes, indicators, measurements and the SROI result."""

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from veier.impact.models import Analysis, Measurement

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"impact:{name}", args=args)


# --- the list and who sees what ---------------------------------------------------------------------------------


def test_the_area_is_in_the_navigation_and_invites_anonymous_visitors_to_log_in(english):
    response = english.get("/effekt/")
    assert response.status_code == 200
    assert b'href="/effekt/" aria-current="page"' in response.content
    assert b"Log in to see and create impact analyses." in response.content


def test_members_see_their_organisations_analyses_in_the_list(aslak_client, visiting_friends):
    response = aslak_client.get(url("list"))
    assert list(response.context["analyses"]) == [visiting_friends]


def test_an_outsider_gets_404_on_every_page_of_an_analysis(english, outsider, loneliness):
    english.force_login(outsider)
    analysis = loneliness.analysis
    outcome = analysis.outcomes.first()
    pages = [url("detail", analysis.pk), url("edit", analysis.pk), url("logic_model", analysis.pk),
             url("outcomes", analysis.pk), url("outcome_edit", analysis.pk, outcome.pk), url("indicators", analysis.pk),
             url("indicator", analysis.pk, loneliness.pk), url("result", analysis.pk), url("report", analysis.pk),
             url("report_pdf", analysis.pk), url("report_xlsx", analysis.pk)]
    for page in pages:
        assert english.get(page).status_code == 404, page
    assert english.post(url("outcome_delete", analysis.pk, outcome.pk)).status_code == 404
    assert english.post(url("logic_model", analysis.pk), {"impact": "hacked"}).status_code == 404
    assert list(english.get(url("list")).context["analyses"]) == []
    analysis.refresh_from_db()
    assert analysis.impact == "Bedre folkehelse"


def test_anonymous_visitors_are_sent_to_log_in(client, visiting_friends):
    response = client.get(url("detail", visiting_friends.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_public_bodys_members_see_an_analysis_linked_to_their_collaboration(
    english, kari, visiting_friends, shared_collaboration
):
    english.force_login(kari)
    assert english.get(url("detail", visiting_friends.pk)).status_code == 404
    visiting_friends.collaboration = shared_collaboration
    visiting_friends.save()
    assert english.get(url("detail", visiting_friends.pk)).status_code == 200
    response = english.post(url("logic_model", visiting_friends.pk), {"impact": "Fewer hospital stays"})
    assert response.status_code == 302
    visiting_friends.refresh_from_db()
    assert visiting_friends.impact == "Fewer hospital stays"


# --- creating and editing -------------------------------------------------------------------------------------


def test_a_member_creates_an_analysis_for_their_organisation_typing_numbers_the_norwegian_way(
    aslak_client, aslak, besoksvenn
):
    aslak_client.cookies["veier_language"] = "nb"
    response = aslak_client.post(url("create"), {
        "organisation": besoksvenn.pk, "title": "Arbeidstrening", "investment_nok": "1 250 000,50",
        "discount_rate": "0.04", "discount_first_year": "on",
    })
    analysis = Analysis.objects.get(title="Arbeidstrening")
    assert response.status_code == 302 and response["Location"] == url("logic_model", analysis.pk)
    assert analysis.organisation == besoksvenn and analysis.created_by == aslak
    assert str(analysis.investment_nok) == "1250000.50"


def test_an_invalid_analysis_is_shown_again_with_what_was_typed(aslak_client, besoksvenn):
    response = aslak_client.post(url("create"), {"organisation": besoksvenn.pk, "title": "Arbeidstrening",
                                                 "investment_nok": "0", "discount_rate": "1.5"})
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"investment_nok", "discount_rate"}
    assert b'value="Arbeidstrening"' in response.content
    assert not Analysis.objects.exists()


def test_an_analysis_cannot_be_created_for_someone_elses_organisation(aslak_client, besoksvenn, trondheim_kommune):
    response = aslak_client.post(url("create"), {"organisation": trondheim_kommune.pk, "title": "X",
                                                 "investment_nok": "100", "discount_rate": "0.04"})
    assert response.status_code == 422
    assert "organisation" in response.context["form"].errors


def test_linking_requires_the_organisation_to_take_part_in_the_collaboration(
    aslak_client, besoksvenn, shared_collaboration
):
    shared_collaboration.entrepreneurs.clear()
    response = aslak_client.post(url("create"), {"organisation": besoksvenn.pk, "title": "X", "investment_nok": "100",
                                                 "discount_rate": "0.04", "collaboration": shared_collaboration.pk})
    assert response.status_code == 422
    assert "collaboration" in response.context["form"].errors


def test_someone_without_an_organisation_is_told_to_register_one_first(english, outsider):
    english.force_login(outsider)
    response = english.get(url("create"), follow=True)
    assert b"Register or join an organisation" in response.content


def test_the_logic_model_is_saved_as_lists_of_lines(aslak_client, visiting_friends):
    response = aslak_client.post(url("logic_model", visiting_friends.pk), {
        "stakeholders": "Eldre\n\nPårørende", "inputs": "Frivillige", "activities": "Besøk\nTurer",
        "outputs": "", "intended_outcomes": "Mindre ensomhet", "impact": "",
    })
    assert response.status_code == 302
    visiting_friends.refresh_from_db()
    assert visiting_friends.stakeholder_list == ["Eldre", "Pårørende"]
    assert dict((str(k), v) for k, v in visiting_friends.logic_model())["activities"] == ["Besøk", "Turer"]
    page = aslak_client.get(url("detail", visiting_friends.pk))
    assert b"<li>Turer</li>" in page.content


# --- outcomes ---------------------------------------------------------------------------------------------------

OUTCOME = {"name": "Fewer GP visits", "stakeholder": "Kommunen", "level": "municipality", "quantity": "40",
           "proxy_value_nok": "1,500", "deadweight": "0.2", "displacement": "0", "attribution": "0.1",
           "drop_off": "0.5", "duration_years": "3", "start_year": "2"}


def test_an_outcome_is_added_to_the_value_map(aslak_client, visiting_friends):
    response = aslak_client.post(url("outcomes", visiting_friends.pk), OUTCOME)
    assert response.status_code == 302
    outcome = visiting_friends.outcomes.get(name="Fewer GP visits")
    assert (outcome.level, outcome.proxy_value_nok, outcome.deadweight, outcome.position) == (
        "municipality", 1500, Decimal("0.2"), 1)
    table = aslak_client.get(url("outcomes", visiting_friends.pk))
    assert "Fewer GP visits" in table.content.decode()


@pytest.mark.parametrize(("field", "value"), [
    ("deadweight", "1.2"), ("attribution", "-0.1"), ("quantity", "-5"), ("duration_years", "101"),
    ("start_year", "0"), ("level", "county"), ("proxy_value_nok", "mange"),
])
def test_an_invalid_outcome_is_refused_with_422_keeping_what_was_typed(aslak_client, visiting_friends, field, value):
    response = aslak_client.post(url("outcomes", visiting_friends.pk), {**OUTCOME, field: value})
    assert response.status_code == 422
    assert list(response.context["form"].errors) == [field]
    assert b'value="Fewer GP visits"' in response.content
    assert visiting_friends.outcomes.count() == 1


def test_an_outcome_is_edited_and_deleted(aslak_client, visiting_friends):
    outcome = visiting_friends.outcomes.first()
    response = aslak_client.post(url("outcome_edit", visiting_friends.pk, outcome.pk), {**OUTCOME, "quantity": "70"})
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.quantity == 70
    aslak_client.post(url("outcome_delete", visiting_friends.pk, outcome.pk))
    assert not visiting_friends.outcomes.exists()


# --- indicators and measurements --------------------------------------------------------------------------------


def test_an_indicator_is_added_and_linked_to_an_outcome(aslak_client, visiting_friends):
    outcome = visiting_friends.outcomes.first()
    response = aslak_client.post(url("indicators", visiting_friends.pk), {
        "name": "People in work after 12 months", "unit": "people", "outcome": outcome.pk, "baseline": "5",
        "target": "40", "data_source": "NAV", "frequency": "yearly",
    })
    indicator = visiting_friends.indicators.get()
    assert response.status_code == 302 and response["Location"] == indicator.get_absolute_url()
    assert indicator.outcome == outcome and indicator.target == 40


def test_a_measurement_is_entered_by_hand(aslak_client, loneliness):
    response = aslak_client.post(url("indicator", loneliness.analysis_id, loneliness.pk),
                                 {"action": "add", "date": "2025-09-30", "value": "33.5", "note": "Q3"})
    assert response.status_code == 302
    assert [str(m.value) for m in loneliness.measurements.all()] == ["18.00", "27.00", "33.50"]


def test_the_indicator_list_shows_each_indicators_latest_measurement(aslak_client, loneliness):
    response = aslak_client.get(url("indicators", loneliness.analysis_id))
    assert response.status_code == 200
    assert "30.06.2025" in response.content.decode()


def test_an_invalid_measurement_is_refused_with_422(aslak_client, loneliness):
    response = aslak_client.post(url("indicator", loneliness.analysis_id, loneliness.pk),
                                 {"action": "add", "date": "yesterday", "value": "33", "note": "Q3"})
    assert response.status_code == 422
    assert "date" in response.context["form"].errors
    assert b'value="Q3"' in response.content


def test_the_indicator_page_passes_its_chart_as_a_json_data_block_with_a_table(aslak_client, loneliness):
    response = aslak_client.get(url("indicator", loneliness.analysis_id, loneliness.pk))
    html = response.content.decode()
    assert '<canvas data-chart="chart-indicator"' in html
    block = re.search(r'<script id="chart-indicator" type="application/json">(.*?)</script>', html, re.S).group(1)
    config = json.loads(block)
    assert config["type"] == "line"
    assert config["data"]["labels"] == ["2025-03-31", "2025-06-30"]
    assert config["data"]["datasets"][0]["data"] == [18, 27]
    assert config["data"]["datasets"][1]["data"] == [50, 50]  # the target
    assert "<caption>Measurements: Participants who feel less lonely</caption>" in html
    # No inline scripts: only data blocks and files.
    assert not re.search(r"<script(?![^>]*(type=\"application/json\"|src=))[^>]*>", html)


def test_a_measurement_is_deleted(aslak_client, loneliness):
    measurement = loneliness.measurements.first()
    aslak_client.post(url("measurement_delete", loneliness.analysis_id, loneliness.pk, measurement.pk))
    assert not Measurement.objects.filter(pk=measurement.pk).exists()


# --- the SROI result --------------------------------------------------------------------------------------------


def test_the_result_page_shows_the_rounded_ratio_and_says_it_is_rounded(aslak_client, visiting_friends):
    response = aslak_client.get(url("result", visiting_friends.pk))
    assert response.status_code == 200
    html = response.content.decode()
    report = response.context["report"]
    assert report.sroi.ratio == pytest.approx(1.4362782608695654)
    assert '<dd data-testid="sroi-ratio">1,44</dd>' in html
    assert "Figures are rounded for display (half up" in html
    for chart in ("chart-levels", "chart-years", "chart-tornado", "chart-histogram"):
        assert f'<canvas data-chart="{chart}"' in html and f'<script id="{chart}" type="application/json">' in html
    assert "<caption>Present value per level</caption>" in html
    assert "<caption>Break-even values</caption>" in html
    assert "Probability that the ratio is below 1" in html


def test_the_monte_carlo_simulation_is_seeded_and_can_be_changed(aslak_client, visiting_friends):
    first = aslak_client.get(url("result", visiting_friends.pk), {"spread": 30, "draws": 2000, "seed": 5})
    again = aslak_client.get(url("result", visiting_friends.pk), {"spread": 30, "draws": 2000, "seed": 5})
    other = aslak_client.get(url("result", visiting_friends.pk), {"spread": 30, "draws": 2000, "seed": 6})
    assert first.context["report"].monte_carlo.p50 == again.context["report"].monte_carlo.p50
    assert first.context["report"].monte_carlo.p50 != other.context["report"].monte_carlo.p50
    assert first.context["report"].monte_carlo.draws == 2000


def test_bad_simulation_settings_fall_back_to_the_defaults_with_a_422(aslak_client, visiting_friends):
    response = aslak_client.get(url("result", visiting_friends.pk), {"spread": 500, "draws": 10, "seed": -1})
    assert response.status_code == 422
    assert response.context["report"].monte_carlo.draws == 10_000


def test_an_analysis_without_outcomes_asks_for_one(aslak_client, visiting_friends):
    visiting_friends.outcomes.all().delete()
    response = aslak_client.get(url("result", visiting_friends.pk))
    assert response.status_code == 200
    assert b"Add at least one outcome" in response.content


def test_the_report_page_shows_logic_model_result_and_indicators(aslak_client, loneliness):
    response = aslak_client.get(url("report", loneliness.analysis_id))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mindre ensomhet" in html and "Participants who feel less lonely" in html
    assert f'<canvas data-chart="chart-indicator-{loneliness.pk}"' in html
