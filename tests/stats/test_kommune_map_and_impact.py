"""The kommune map, the impact counts, and how the statistics stay fast (issue 7).

The kommune map is drawn from paths prebuilt into the package from Kartverket's 2024 boundaries;
the statistics count impact analyses and measurements; and every count is one grouped query, so
the number of queries does not grow with the data.
"""

import json
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache

from veier.challenges.models import Challenge
from veier.collaborations.models import Collaboration
from veier.collaborations.services import create_collaboration
from veier.impact.models import Analysis, Indicator, Measurement
from veier.organisations.models import Organisation
from veier.reference.models import Kommune
from veier.stats import mapdata, selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(trondheim_kommune, besoksvenn, kari):
    """Two collaborations and a published challenge in Trondheim, a draft there, and one collaboration
    with Trøndelag fylkeskommune (which has no kommune)."""
    for title in ("Besøksvenner", "Arbeidstrening"):
        create_collaboration(title=title, public_body=trondheim_kommune, entrepreneurs=[besoksvenn],
                             service_area_id="loneliness", form="pilot_agreement", stage="pilot", created_by=kari)
    fylkeskommune = Organisation.objects.create(kind="public_body", public_body_type="fylkeskommune",
                                                name="Trøndelag fylkeskommune", slug="trondelag-fk", fylke_id="50")
    create_collaboration(title="Ungdomsløft", public_body=fylkeskommune, entrepreneurs=[besoksvenn],
                         service_area_id="children-youth", form="", stage="idea", created_by=kari)
    for visibility in ("published", "draft"):
        Challenge.objects.create(public_body=trondheim_kommune, title=f"Utfordring ({visibility})", need="Behov",
                                 contact_name="Kari", contact_email="kari@trondheim.example", visibility=visibility)


def _kommune_title(html: str, number: str) -> str:
    return re.search(rf'data-kommune="{number}"><title>([^<]*)</title>', html).group(1)


# --- the kommune map --------------------------------------------------------------------------------

def test_the_kommune_paths_cover_every_kommune_of_2024_and_credit_kartverket():
    data = mapdata.kommune_paths()
    assert set(data["kommuner"]) == set(Kommune.objects.values_list("number", flat=True))
    assert len(data["kommuner"]) == 357
    assert all(re.fullmatch(r"(M[^Mz]+z)+", item["d"]) for item in data["kommuner"].values())
    assert data["credit"] == "© Kartverket" and data["licence"] == "CC BY 4.0"
    assert data["source_file"] == "Kommuner-S.geojson" and len(data["source_sha256"]) == 64


def test_the_kommune_paths_are_small_and_inside_the_package():
    file = mapdata.kommune_paths_file()
    package = Path(mapdata.__file__).resolve().parent
    assert file.resolve().is_relative_to(package / "data")  # never read from ../shared at run time
    assert file.stat().st_size < 150_000
    sources = (package / "data" / "SOURCES.md").read_text(encoding="utf-8")
    assert "kommuner_paths.json" in sources and "Kommuner-S.geojson" in sources and "CC BY 4.0" in sources


def test_the_page_draws_every_kommune_with_its_count(client, activity):
    client.cookies["veier_language"] = "en"
    html = client.get("/statistikk/").content.decode()
    map_svg = html[html.index('aria-labelledby="kommune-map-svg-title kommune-map-svg-desc"'):]
    map_svg = map_svg[:map_svg.index("</svg>")]
    assert map_svg.count("<path ") == 357 and map_svg.count("<title>") == 357  # one title per kommune
    assert "<title>Trondheim - Tråante: 2 collaborations</title>" in map_svg
    assert "<title>Oslo: 0 collaborations</title>" in map_svg
    assert "Map of Norway's kommuner, shaded by the number of collaborations" in html
    assert "Map: kommune boundaries 2024, © Kartverket (CC BY 4.0)." in html
    assert 'style="' not in map_svg and "<script" not in map_svg  # strict CSP: colour comes from classes


def test_the_map_counts_match_the_table_and_drafts_are_not_counted(client, activity):
    client.cookies["veier_language"] = "en"
    html = client.get("/statistikk/").content.decode()
    table = html[html.index("<caption>By kommune</caption>"):]
    table = table[:table.index("</table>")]
    # Trondheim: two collaborations, one published challenge (the draft is not counted), no pitches.
    assert re.search(r'<th scope="row">Trondheim - Tråante</th><td class="amount">2</td>'
                     r'<td class="amount">1</td><td class="amount">0</td>', table)
    assert _kommune_title(html, "5001") == "Trondheim - Tråante: 2 collaborations"
    # The fylkeskommune's collaboration counts for the fylke, not for any kommune.
    assert html.count("<title>Trøndelag: 3 collaborations</title>") == 1
    kommune_total = sum(int(n) for n in re.findall(r'data-kommune="\d{4}"><title>[^<]*: (\d+) collaboration', html))
    assert kommune_total == 2


def test_kommune_classes_are_quantiles_so_one_big_kommune_does_not_flatten_the_rest():
    rows = [{"key": k, "collaborations": n} for k, n in
            [("0301", 500), ("5001", 40), ("4601", 30), ("1103", 20), ("3301", 10), ("1508", 1), ("5501", 0)]]
    klass, legend = selectors.choropleth(rows, method="quantile")
    assert klass == {"0301": 5, "5001": 4, "4601": 3, "1103": 2, "3301": 1, "1508": 1, "5501": 0}
    assert [(item["low"], item["high"]) for item in legend] == [(0, 0), (1, 10), (11, 20), (21, 30), (31, 40),
                                                                  (41, 500)]
    equal, _legend = selectors.choropleth(rows)
    assert sorted(equal.values()).count(1) == 5  # with equal widths, all but Oslo share the lowest class


def test_rebuilding_the_kommune_paths_from_a_geojson_keeps_tiny_kommuner(tmp_path):
    island = [[[5.0, 59.0], [5.001, 59.0], [5.001, 59.001], [5.0, 59.0]]]  # far smaller than a pixel
    big = [[[4.5, 58.0], [31.0, 58.0], [31.0, 71.0], [4.5, 71.0], [4.5, 58.0]]]
    geojson = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"kommunenummer": "9998", "name": "Øy"},
         "geometry": {"type": "Polygon", "coordinates": island}},
        {"type": "Feature", "properties": {"kommunenummer": "9999", "name": "Land"},
         "geometry": {"type": "Polygon", "coordinates": big}}]}
    source = tmp_path / "Kommuner-S.geojson"
    source.write_text(json.dumps(geojson), encoding="utf-8")
    data = mapdata.build_kommune_paths(source)
    assert set(data["kommuner"]) == {"9998", "9999"} and data["kommuner"]["9998"]["d"].startswith("M")
    assert data["credit"] == "© Kartverket" and data["source_file"] == "Kommuner-S.geojson"


# --- impact, months, caching, speed -----------------------------------------------------------------

@pytest.fixture
def measurements(activity, trondheim_kommune, besoksvenn):
    """An analysis on a loneliness collaboration with measurements in 2019 and 2022 (none in between),
    and one analysis with no collaboration."""
    collaboration = Collaboration.objects.get(title="Besøksvenner")
    analysis = Analysis.objects.create(organisation=trondheim_kommune, collaboration=collaboration,
                                       title="HEMMELIG ANALYSE", investment_nok=Decimal(100_000))
    Analysis.objects.create(organisation=besoksvenn, title="Uten samarbeid", investment_nok=Decimal(5000))
    visits = Indicator.objects.create(analysis=analysis, name="Besøk", unit="besøk")
    lonely = Indicator.objects.create(analysis=analysis, name="Ensomme", unit="personer")
    Measurement.objects.create(indicator=visits, date=date(2019, 12, 31), value=10)
    Measurement.objects.create(indicator=visits, date=date(2022, 1, 1), value=12)
    Measurement.objects.create(indicator=lonely, date=date(2022, 6, 1), value=7)


def test_impact_counts_analyses_by_service_area_and_measurements_by_year(measurements):
    impact = selectors.compute()["impact"]
    assert impact["totals"] == {"analyses": 2, "indicators": 2, "measurements": 3}
    assert impact["service_area"] == {"loneliness": 1, "": 1}
    assert impact["year"] == {"2019": 1, "2022": 2}  # years with no measurements are skipped, not zero


def test_the_page_and_the_api_show_impact_counts_only(client, measurements):
    client.cookies["veier_language"] = "en"
    html = client.get("/statistikk/").content.decode()
    assert "<caption>Impact analyses by service area</caption>" in html
    assert re.search(r'<th scope="row">2022</th><td class="amount">2</td>', html)
    body = client.get("/api/v1/stats/summary").json()
    assert body["impact"] == {"totals": {"analyses": 2, "indicators": 2, "measurements": 3},
                              "analyses_by_service_area": {"loneliness": 1, "unknown": 1},
                              "measurements_by_year": {"2019": 1, "2022": 2}}
    assert body["kommune"]["5001"] == {"collaborations": 2, "challenges": 1, "pitches": 0}
    assert "HEMMELIG" not in html and "HEMMELIG" not in str(body)


def test_months_are_norwegian_calendar_months(activity):
    # 23:30 UTC on 31 January is 00:30 on 1 February in Oslo.
    Collaboration.objects.filter(title="Besøksvenner").update(created_at=datetime(2024, 1, 31, 23, 30, tzinfo=UTC))
    Collaboration.objects.filter(title="Arbeidstrening").update(created_at=datetime(2024, 7, 31, 21, 59, tzinfo=UTC))
    months = selectors.compute()["month"]["collaborations"]
    assert months["2024-02"] == 1 and months["2024-07"] == 1 and "2024-01" not in months


def test_the_cached_summary_holds_codes_and_counts_so_one_entry_serves_every_language(client, measurements,
                                                                                       django_assert_max_num_queries):
    client.cookies["veier_language"] = "en"
    assert "<caption>By fylke</caption>" in client.get("/statistikk/").content.decode()
    cached = json.dumps(cache.get(selectors.CACHE_KEY), ensure_ascii=False)
    assert "loneliness" in cached and "Ensomhet" not in cached and "Loneliness" not in cached
    client.cookies["veier_language"] = "nb"
    with django_assert_max_num_queries(12):  # labels and the session, never the counts again
        html = client.get("/statistikk/").content.decode()
    assert "Ensomhet og sosial deltakelse" in html


def test_the_number_of_queries_does_not_grow_with_the_data(activity, trondheim_kommune, besoksvenn, kari,
                                                           django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        selectors.compute()
    for i in range(20):
        create_collaboration(title=f"Samarbeid {i}", public_body=trondheim_kommune, entrepreneurs=[besoksvenn],
                             service_area_id="housing", form="direct_purchase", stage="dialogue", created_by=kari)
    with django_assert_num_queries(len(few.captured_queries)):
        assert selectors.compute()["totals"]["collaborations"] == 23
