"""An entrepreneur measures the effect of a work-training programme, from logic model to PDF and Excel.

She switches the site to English, builds an analysis with a logic model and two outcomes, follows an
indicator with measurements typed in and imported, runs SROI with a seeded Monte Carlo simulation, sees the
charts and their tables, and downloads the report as PDF and the impact map as Excel. axe-core checks every
page on the way.
"""

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from veier.impact.models import Analysis

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD_FIELD = "Password"


@pytest.fixture
def entrepreneur(aslak, besoksvenn):
    aslak.language = "en"
    aslak.save(update_fields=["language"])
    return aslak


def field(page, label: str):
    """The form control labelled exactly ``label`` (the required mark's asterisk aside)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def add_outcome(page, **values):
    for label, value in values.items():
        if label == "Level":
            field(page, label).select_option(value)
        else:
            field(page, label).fill(value)
    page.get_by_role("button", name="Add outcome").click()
    page.get_by_role("cell", name=values["Outcome"]).or_(page.get_by_role("rowheader", name=values["Outcome"])) \
        .first.wait_for()


def test_an_entrepreneur_builds_an_analysis_and_downloads_the_report(page, assert_accessible, entrepreneur):
    from tests.conftest import PASSWORD

    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "nb"
    page.get_by_role("button", name="English").click()
    nav = page.get_by_role("navigation", name="Main areas")
    nav.get_by_role("link", name="Impact measurement").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"

    nav.get_by_role("link", name="Impact measurement").click()
    page.get_by_role("heading", name="Impact measurement", level=1).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Log in to see and create impact analyses.").click()
    page.get_by_label("E-mail address").fill(entrepreneur.email)
    page.get_by_label(PASSWORD_FIELD).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    with page.expect_navigation():
        page.get_by_role("link", name="New impact analysis").click()
    assert_accessible(page)

    # A mistake keeps what was typed.
    page.get_by_label("Title").fill("Work training")
    page.get_by_label("Investment (NOK)").fill("0")
    page.get_by_role("button", name="Create analysis").click()
    assert page.locator(".ds-error-summary").is_visible()
    assert page.get_by_label("Title").input_value() == "Work training"
    assert_accessible(page)
    page.get_by_label("Investment (NOK)").fill("250,000")
    page.get_by_label("Discount rate").fill("0.035")
    page.get_by_label("Discount the first year").uncheck()
    page.get_by_role("button", name="Create analysis").click()

    page.get_by_role("heading", name=re.compile("^Logic model")).wait_for()
    assert_accessible(page)
    page.get_by_label("Stakeholders").fill("Participants\nNAV")
    page.get_by_label("Inputs").fill("Two job coaches\nWorkshop")
    page.get_by_label("Activities").fill("Work training\nJob search")
    page.get_by_label("Outputs").fill("60 participants a year")
    field(page, "Outcomes").fill("Sustained employment")
    field(page, "Impact").fill("Fewer people outside work")
    page.get_by_role("button", name="Save logic model").click()
    page.get_by_role("heading", name="Work training", level=1).wait_for()
    assert page.get_by_text("Job search").is_visible()
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Outcomes and values").first.click()
    assert_accessible(page)
    add_outcome(page, Outcome="Sustained employment", Stakeholder="Participants", Level="citizen", Quantity="60",
                **{"Financial proxy (NOK)": "8500", "Deadweight": "0.4", "Displacement": "0", "Attribution": "0.3",
                   "Drop-off": "0.3", "Duration (years)": "2", "Start year": "1"})
    add_outcome(page, Outcome="Lower benefit payments", Stakeholder="NAV", Level="state", Quantity="60",
                **{"Financial proxy (NOK)": "1000", "Deadweight": "0.4", "Displacement": "0", "Attribution": "0.3",
                   "Drop-off": "0", "Duration (years)": "1", "Start year": "1"})
    assert page.get_by_role("table", name="Value map").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Indicators and measurements").click()
    field(page, "Indicator").fill("Participants in work after 12 months")
    page.get_by_label("Unit").fill("people")
    page.get_by_label("Outcome").select_option(label="Sustained employment")
    page.get_by_label("Baseline").fill("5")
    page.get_by_label("Target").fill("40")
    page.get_by_label("Data source").fill("NAV register")
    page.get_by_role("button", name="Add indicator").click()
    page.get_by_role("heading", name="Participants in work after 12 months").wait_for()
    page.get_by_label("Date").fill("2025-03-31")
    field(page, "Value").fill("12")
    page.get_by_role("button", name="Save measurement").click()
    page.get_by_label("File").set_input_files(files=[{
        "name": "measurements.csv", "mimeType": "text/csv",
        "buffer": b"Dato;Verdi;Merknad\n30.06.2025;21;Q2\n30.09.2025;29;Q3\n",
    }])
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_text("2 measurements are imported.").wait_for()
    page.locator('canvas[data-chart="chart-indicator"][data-rendered="true"]').wait_for()
    assert page.get_by_role("table", name=re.compile("^Measurements")).locator("tbody tr").count() == 3
    assert_accessible(page)

    page.get_by_role("link", name="SROI result").click()
    page.get_by_label("Seed").fill("42")
    page.get_by_label("Draws").fill("5000")
    page.get_by_role("button", name="Run the simulation again").click()
    page.wait_for_url(re.compile(r"seed=42"))
    page.locator('canvas[data-chart="chart-histogram"][data-rendered="true"]').wait_for()
    assert page.locator('canvas[data-rendered="true"]').count() == 4
    analysis = Analysis.objects.get(title="Work training")
    assert page.get_by_test_id("sroi-ratio").inner_text() == "1,54"  # (214 200 + 25 200 + 149 940 / 1.035) / 250 000
    assert page.get_by_text("Figures are rounded for display").is_visible()
    for name in ("Present value per level", "Value per year", "Break-even values",
                 "Distribution of the simulated SROI ratio"):
        assert page.get_by_role("table", name=re.compile(f"^{name}")).is_visible()
    p50 = page.get_by_test_id("mc-p50").inner_text()
    assert_accessible(page)
    page.reload()
    assert page.get_by_test_id("mc-p50").inner_text() == p50  # seeded: the same again

    page.get_by_role("link", name="Impact report").first.click()
    page.get_by_role("heading", name="Impact report: Work training").wait_for()
    page.locator('canvas[data-rendered="true"]').nth(4).wait_for()
    assert_accessible(page)

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download the report (PDF)").click()
    pdf = pdf_download.value
    assert pdf.suggested_filename == "work-training.pdf"
    with open(pdf.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"

    with page.expect_download() as excel_download:
        page.get_by_role("link", name="Download the impact map (Excel)").click()
    with open(excel_download.value.path(), "rb") as file:
        workbook = load_workbook(io.BytesIO(file.read()))
    assert workbook["Impact map"]["A5"].value == "Sustained employment"
    assert analysis.outcomes.count() == 2


def test_a_kommune_in_the_collaboration_measures_the_same_analysis_in_nynorsk(page, assert_accessible, kari,
                                                                              trondheim_kommune, besoksvenn):
    """Kari works for the kommune, which is a party to the collaboration the analysis belongs to."""
    from tests.conftest import PASSWORD
    from veier.collaborations.services import create_collaboration
    from veier.impact import services
    from veier.impact.models import Indicator, Outcome

    kari.language = "nn"
    kari.save(update_fields=["language"])
    collaboration = create_collaboration(title="Besøksvenn-pilot", public_body=trondheim_kommune,
                                         entrepreneurs=[besoksvenn])
    analysis = services.create_analysis(organisation=besoksvenn, created_by=kari, title="Besøksvenn-effekt",
                                        collaboration=collaboration, investment_nok=200_000)
    outcome = services.save_outcome(Outcome(analysis=analysis), name="Mindre einsemd", stakeholder="Deltakarar",
                                    level="citizen", quantity=Decimal("40"), proxy_value_nok=Decimal("9000"),
                                    deadweight=Decimal("0.2"), attribution=Decimal("0.2"), duration_years=2,
                                    drop_off=Decimal("0.5"))
    indicator = services.save_indicator(Indicator(analysis=analysis), outcome=outcome, name="Deltakarar med",
                                        unit="personar", baseline=Decimal("0"), target=Decimal("40"))

    page.goto("/konto/logg-inn/")
    page.get_by_label("E-postadresse").fill(kari.email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("button", name="Norsk nynorsk").click()
    assert page.locator("html").get_attribute("lang") == "nn"

    page.goto(f"/effekt/{analysis.pk}/logikkmodell/")
    assert_accessible(page)
    page.locator("textarea[name=activities]").fill("Faste besøk\nTurgrupper")
    page.get_by_role("button", name="Lagre den logiske modellen").click()
    page.get_by_text("Turgrupper").wait_for()

    page.goto(f"/effekt/{analysis.pk}/indikatorer/{indicator.pk}/")
    page.locator("input[name=date]").fill("2026-06-30")
    page.locator("input[name=value]").fill("18")
    page.get_by_role("button", name="Lagre målinga").click()
    page.locator('canvas[data-chart="chart-indicator"][data-rendered="true"]').wait_for()
    assert_accessible(page)
    assert indicator.measurements.get().value == 18

    page.goto(f"/effekt/{analysis.pk}/sroi/")
    page.get_by_label("Startverdi (seed)").fill("7")
    page.get_by_role("button", name="Køyr simuleringa på nytt").click()
    page.wait_for_url(re.compile(r"seed=7"))
    page.locator('canvas[data-chart="chart-histogram"][data-rendered="true"]').wait_for()
    assert_accessible(page)

    page.goto(f"/effekt/{analysis.pk}/rapport/")
    assert_accessible(page)
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Last ned rapporten (PDF)").click()
    with open(pdf_download.value.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"
    with page.expect_download() as excel_download:
        page.get_by_role("link", name="Last ned effektkartet (Excel)").click()
    with open(excel_download.value.path(), "rb") as file:
        assert load_workbook(io.BytesIO(file.read())).sheetnames
