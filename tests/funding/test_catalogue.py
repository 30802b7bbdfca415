"""The funding catalogue: packaged data, filters, «what fits us», iCalendar and the API."""

import tomllib
from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command

from veier.directory.services import create_entrepreneur
from veier.funding import catalogue, ical
from veier.funding.models import FundingScheme
from veier.funding.selectors import next_deadlines
from veier.organisations.models import Membership

pytestmark = pytest.mark.django_db


def test_the_packaged_catalogue_has_at_least_twenty_valid_schemes_loaded_by_the_migration():
    rows = catalogue.parse_catalogue(catalogue.read_packaged())
    assert len(rows) >= 20
    assert FundingScheme.objects.count() == len(rows)
    nav = FundingScheme.objects.get(slug="nav-sosialt-entreprenorskap")
    assert nav.provider == "Arbeids- og velferdsdirektoratet"
    assert {a.code for a in nav.service_areas.all()} >= {"poverty", "work-inclusion"}


def test_loading_again_changes_nothing():
    before = list(FundingScheme.objects.order_by("slug").values())
    call_command("load_funding", stdout=open("/dev/null", "w"))
    catalogue.load_catalogue(apps.get_model)
    assert list(FundingScheme.objects.order_by("slug").values()) == before


def test_an_amount_we_could_not_verify_is_left_empty_and_said_so():
    for row in catalogue.parse_catalogue(catalogue.read_packaged()):
        if "amount" in row.get("unverified", []):
            assert "amount_min_nok" not in row and "amount_max_nok" not in row, row["slug"]


def test_broken_data_is_refused_with_every_problem_listed():
    data = tomllib.loads("""
[[scheme]]
slug = "x"
name = "X"
provider = "P"
kind = "gift"
applicants = ["martians"]
deadlines = ["13-40"]
conditions_nb = "a"
conditions_en = "a"
url = "not a url"
source = "https://example.org"
last_checked = 2026-01-01
amount_min_nok = 10
amount_max_nok = 5
service_areas = ["nope"]
""")
    with pytest.raises(catalogue.CatalogueError) as error:
        catalogue.parse_catalogue(data, service_areas=frozenset({"housing"}))
    text = str(error.value)
    for expected in ("unknown kind", "applicants", "not MM-DD", "url is not a URL", "below", "unknown service areas"):
        assert expected in text


def test_filters_by_service_area_applicant_and_timing(client):
    client.cookies["veier_language"] = "en"
    html = client.get("/finansiering/", {"service_area": "housing", "applicant": "kommune"}).content.decode()
    assert "Tilskudd til utleieboliger" in html
    assert "Stiftelsen Dam – Helse" not in html
    html = client.get("/finansiering/", {"timing": "rolling"}).content.decode()
    assert "Stiftelsen Dam – Helse" in html and "Tilskudd til utleieboliger" not in html
    response = client.get("/finansiering/", {"service_area": "nonsense"})
    assert response.status_code == 200  # an unknown code is a form error, not a crash


def test_the_detail_page_shows_what_was_not_verified(client):
    client.cookies["veier_language"] = "en"
    html = client.get("/finansiering/nav-sosialt-entreprenorskap/").content.decode()
    assert "Not verified" in html and "Last checked" in html
    assert "poverty and social exclusion" in html


def test_what_fits_an_entrepreneur_profile(client, aslak):
    profile = create_entrepreneur(
        orgnr="923609016", name="Arbeid SA", organisation_form="SA", summary="", description="",
        service_areas=["work-inclusion"], target_groups=[], kommuner=[], fylker=[],
    )
    Membership.objects.create(organisation=profile.organisation, user=aslak, role="admin")
    client.force_login(aslak)
    client.cookies["veier_language"] = "en"
    html = client.get("/finansiering/passer-for-oss/", {"organisation": profile.organisation.slug}).content.decode()
    assert "Tilskudd til sosialt entreprenørskap og sosiale entreprenører" in html
    assert "Tilskudd til utleieboliger" not in html  # kommuner only
    assert "Innovasjon Norge" not in html.split("Schemes that fit")[1]  # AS only


def test_what_fits_someone_who_describes_themselves(client):
    client.cookies["veier_language"] = "en"
    html = client.get("/finansiering/passer-for-oss/", {"applicant": "kommune", "service_areas": ["housing"]}).content
    assert "Tilskudd til utleieboliger" in html.decode()


def test_another_organisations_profile_is_refused(client, besoksvenn, kari):
    client.force_login(kari)
    assert client.get("/finansiering/passer-for-oss/", {"organisation": besoksvenn.slug}).status_code == 403


def test_next_deadlines_roll_over_to_next_year():
    scheme = FundingScheme(deadlines=["02-15", "06-10"])
    assert next_deadlines(scheme, date(2026, 3, 1)) == [date(2026, 6, 10), date(2027, 2, 15)]
    assert next_deadlines(scheme, date(2026, 2, 15)) == [date(2026, 2, 15), date(2026, 6, 10)]


def test_ics_is_rfc5545_shaped(client):
    response = client.get("/finansiering/frister.ics")
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "UID:dam-forskning-0215@veier.funding" in body
    assert "DTSTAMP:" in body and "RRULE:FREQ=YEARLY" in body
    for line in body.split("\r\n"):
        assert len(line.encode()) <= 75
    assert "\n" not in body.replace("\r\n", "")


def test_folding_and_escaping():
    line = "DESCRIPTION:" + "æ" * 60
    folded = ical.fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
    assert ical.escape("a,b;c\nd\\") == "a\\,b\\;c\\nd\\\\"


def test_api_lists_and_filters_and_refuses_unknown_codes(client):
    items = client.get("/api/v1/funding", {"service_area": "housing", "applicant": "kommune"}).json()
    assert "husbanken-utleieboliger" in [i["slug"] for i in items]
    assert all("kommune" in i["applicants"] for i in items)
    assert client.get("/api/v1/funding", {"service_area": "nope"}).status_code == 422
    assert client.get("/api/v1/funding", {"applicant": "martians"}).status_code == 422
