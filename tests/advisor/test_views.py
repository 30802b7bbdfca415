"""The collaboration guide in the browser's terms: questions one at a time, a result, a PDF, myths."""

import re

import pytest

from veier.advisor.forms import STEPS, parse_amount
from veier.advisor.rulebook import load_rulebook

pytestmark = pytest.mark.django_db

# Trondheim's pilot: a kommune, a new health and social service, NOK 1.3 million, a non-profit supplier.
TRONDHEIM_ANSWERS = {
    "kjoper": {"buyer": "municipality"},
    "leveranse": {"subject": "health_social"},
    "losning": {"novelty": "new"},
    "motytelse": {"mutual_obligation": "yes"},
    "verdi": {"value_nok": "1 300 000"},
    "dato": {"decision_date": "2025-03-01"},
    "ideell": {"nonprofit": "yes"},
    "arbeidsinkludering": {"work_integration": "unknown"},
    "resultatbasert": {"outcome_based": "no"},
}


@pytest.fixture
def english(client):
    client.cookies["veier_language"] = "en"
    return client


def answer_all(client, answers=TRONDHEIM_ANSWERS):
    for slug, data in answers.items():
        response = client.post(f"/veiviser/sporsmal/{slug}/", data)
        assert response.status_code == 302, (slug, response.content.decode()[:500])
    return response


def test_the_guide_is_in_the_main_navigation(english):
    html = english.get("/").content.decode()
    assert '<a href="/veiviser/">Collaboration guide</a>' in html
    page = english.get("/veiviser/").content.decode()
    assert 'href="/veiviser/" aria-current="page"' in page
    assert "Start the guide" in page


def test_each_question_has_its_own_url_and_leads_to_the_next(english):
    response = english.post("/veiviser/sporsmal/kjoper/", {"buyer": "municipality"})
    assert response["Location"] == "/veiviser/sporsmal/leveranse/"
    html = english.get("/veiviser/sporsmal/leveranse/").content.decode()
    assert "Question 2 of 9" in html
    assert 'href="/veiviser/sporsmal/kjoper/"' in html  # the back button


def test_the_last_answer_leads_to_the_result(english):
    assert answer_all(english)["Location"] == "/veiviser/resultat/"


def test_answers_are_kept_when_going_back(english):
    answer_all(english)
    html = english.get("/veiviser/sporsmal/verdi/").content.decode()
    assert 'value="1 300 000"' in html
    html = english.get("/veiviser/sporsmal/kjoper/").content.decode()
    assert re.search(r'value="municipality"[^>]*checked', html)


def test_an_invalid_answer_is_a_422_that_keeps_what_was_typed(english):
    response = english.post("/veiviser/sporsmal/verdi/", {"value_nok": "a lot"})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="a lot"' in html
    assert "Write the amount in numbers" in html
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize(
    ("slug", "data", "message"),
    [
        ("verdi", {"value_nok": "-100"}, "The amount cannot be negative."),
        ("dato", {"decision_date": "2016-12-31"}, "The guide covers decisions from 2017-01-01 onwards."),
        ("dato", {"decision_date": "31.12.2024x"}, "Enter a valid date."),
        ("kjoper", {"buyer": "kommune"}, "Select a valid choice."),
        ("motytelse", {}, "This field is required."),
    ],
)
def test_bad_answers_say_what_is_wrong(english, slug, data, message):
    response = english.post(f"/veiviser/sporsmal/{slug}/", data)
    assert response.status_code == 422
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("1 300 000", 1_300_000), ("1\u00a0300\u00a0000 kr", 1_300_000), ("1.300.000", 1_300_000),
     ("99 999,50", 99_999.5), ("5000", 5000), ("0", 0)],
)
def test_amounts_are_read_the_way_norwegians_write_them(typed, amount):
    assert parse_amount(typed) == pytest.approx(amount)


def test_with_htmx_a_valid_answer_swaps_in_the_next_question_and_pushes_its_url(english):
    response = english.post("/veiviser/sporsmal/kjoper/", {"buyer": "state"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Push-Url"] == "/veiviser/sporsmal/leveranse/"
    html = response.content.decode()
    assert html.lstrip().startswith("<title>")
    assert '<div id="wizard"' in html and "<html" not in html
    assert "What will the social entrepreneur deliver?" in html


def test_with_htmx_an_invalid_answer_returns_the_fragment_with_its_errors(english):
    response = english.post("/veiviser/sporsmal/verdi/", {"value_nok": "-1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    html = response.content.decode()
    assert '<div id="wizard"' in html and "<html" not in html
    assert "The amount cannot be negative." in html


def test_with_htmx_the_last_answer_redirects_to_the_result(english):
    answer_all(english)
    response = english.post("/veiviser/sporsmal/resultatbasert/", {"outcome_based": "yes"}, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == "/veiviser/resultat/"


def test_a_history_restore_gets_the_whole_page(english):
    response = english.get("/veiviser/sporsmal/kjoper/", HTTP_HX_REQUEST="true",
                           HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in response.content.decode()


def test_an_unknown_question_is_a_404(english):
    assert english.get("/veiviser/sporsmal/finnes-ikke/").status_code == 404


def test_the_result_waits_for_the_missing_answers(english):
    english.post("/veiviser/sporsmal/kjoper/", {"buyer": "municipality"})
    response = english.get("/veiviser/resultat/")
    assert response["Location"] == "/veiviser/sporsmal/leveranse/"


def test_the_result_shows_regime_thresholds_forms_myths_warnings_and_why(english):
    answer_all(english)
    response = english.get("/veiviser/resultat/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Procurement Act and Part I of the regulation" in html
    assert "anskaffelsesloven § 4" in html
    # The thresholds with their amount, validity and source, amounts with spaces.
    assert "NOK 100,000" in html and "2017-01-01" in html
    assert "https://anskaffelser.no/avtaler-og-regelverk/terskelverdier-offentlige-anskaffelser" in html
    # All 16 forms, grouped by fit.
    assert len(re.findall(r'<article class="form-card"', html)) == 16
    assert re.search(r'id="form-exploratory_agreement" data-form="exploratory_agreement" data-fit="recommended"', html)
    for fit in ("Recommended", "Possible", "Not allowed"):
        assert f">{fit} (" in html
    assert "Myths that apply to your case" in html
    assert "Watch out" in html
    # «Why»: every reason links to a rule in the list, which has a source.
    links = set(re.findall(r'href="#rule-([^"]+)"', html))
    anchors = set(re.findall(r'id="rule-([^"]+)"', html))
    assert links and links <= anchors


def test_the_result_is_in_norwegian_with_norwegian_amounts(client):
    answer_all(client)
    html = client.get("/veiviser/resultat/").content.decode()
    assert '<html lang="nb"' in html
    assert "100\u00a0000\u00a0kr" in html
    assert "1\u00a0300\u00a0000\u00a0kr" in html


def test_the_result_page_has_a_print_stylesheet(english):
    answer_all(english)
    html = english.get("/veiviser/resultat/").content.decode()
    assert "veier/advisor.css" in html
    from pathlib import Path

    import veier

    css = (Path(veier.__file__).parent / "static" / "veier" / "advisor.css").read_text()
    assert "@media print" in css


def test_the_result_downloads_as_a_pdf(english):
    answer_all(english)
    response = english.get("/veiviser/resultat.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response.content.startswith(b"%PDF-")


def test_the_pdf_needs_the_answers_first(english):
    assert english.get("/veiviser/resultat.pdf")["Location"] == "/veiviser/"


def test_starting_over_forgets_the_answers(english):
    answer_all(english)
    response = english.post("/veiviser/start-pa-nytt/")
    assert response["Location"] == f"/veiviser/sporsmal/{STEPS[0].slug}/"
    assert english.get("/veiviser/resultat/").status_code == 302


def test_a_grant_leads_to_grant_rules(english):
    answer_all(english, TRONDHEIM_ANSWERS | {"motytelse": {"mutual_obligation": "no"}})
    html = english.get("/veiviser/resultat/").content.decode()
    assert re.search(r'data-form="grant" data-fit="recommended"', html)


def test_the_myth_catalogue_lists_every_myth_with_its_correction_and_source(english):
    response = english.get("/veiviser/myter/")
    assert response.status_code == 200
    html = response.content.decode()
    book = load_rulebook()
    assert len(book.myths) >= 12
    for myth in book.myths:
        assert f'id="{myth.id}"' in html
        assert myth.source.replace("&", "&amp;") in html
    assert "“Everything has to go out to tender”" in html
    assert "{" not in re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S).split("<main", 1)[1]


def test_the_myth_catalogue_fills_in_todays_numbers(english):
    html = english.get("/veiviser/myter/").content.decode()
    assert "{framework_max_years}" not in html and "{work_integration_min_share}" not in html
